package io.switchboard.media.webrtc.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Our ICE username fragment and password (RFC 8839 section 5.4: at least 24 bits and 128 bits of randomness,
 * from the ice-char alphabet); new ones on every ICE restart (RFC 8445 section 9).
 */
public record IceCredentials(String ufrag, String pwd) {
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh random credentials: 8 characters of ufrag (48 bits), 24 of password (144 bits). */
    public static IceCredentials random() {
        return new IceCredentials(chars(8), chars(24));
    }

    /** The short-term credential key: the password itself (RFC 8489 section 9.1.2, after OpaqueString). */
    byte[] key() {
        return pwd.getBytes(StandardCharsets.UTF_8);
    }

    private static String chars(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }
}

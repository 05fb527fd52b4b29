package io.switchboard.turn.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 8489 section 9.2.2: the long-term key is MD5(username ":" realm ":" password). */
public final class LongTermKey {

    private LongTermKey() {
    }

    public static byte[] of(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /** A key given as 32 hex digits (coturn's {@code turnadmin -k} output). */
    public static byte[] fromHex(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("a long-term key is 32 hex digits");
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}

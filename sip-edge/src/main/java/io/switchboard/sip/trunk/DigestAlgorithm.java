package io.switchboard.sip.trunk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The digest hash functions SIP uses (RFC 3261 section 22.4 MD5, RFC 8760 SHA-256), with their wire names. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String wireName;
    private final String jcaName;

    DigestAlgorithm(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    public String wireName() {
        return wireName;
    }

    /** The algorithm named in a challenge; absent means MD5 (RFC 2617 section 3.2.1); null when unsupported. */
    public static DigestAlgorithm fromWireName(String name) {
        if (name == null || name.isBlank()) {
            return MD5;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "MD5" -> MD5;
            case "SHA-256" -> SHA_256;
            default -> null;
        };
    }

    /** Lowercase hex of the hash of the UTF-8 bytes of {@code text}. */
    public String hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }
}

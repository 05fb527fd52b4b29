package io.switchboard.sip.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the edge keeps of a digest user: the realm and HA1 = H(username:realm:password) per algorithm (RFC 7616
 * section 3.4.2), never the password. The instance stores MD5 HA1 only, so a user built from it answers MD5
 * challenges only; SHA-256 (RFC 8760) needs its own HA1.
 *
 * @param realm     the realm both HA1 values were computed for
 * @param md5Ha1    32 lowercase hex digits, or null
 * @param sha256Ha1 64 lowercase hex digits, or null
 */
public record DigestSecret(String realm, String md5Ha1, String sha256Ha1) {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public DigestSecret {
        Objects.requireNonNull(realm, "realm");
        md5Ha1 = md5Ha1 == null ? null : md5Ha1.toLowerCase(Locale.ROOT);
        sha256Ha1 = sha256Ha1 == null ? null : sha256Ha1.toLowerCase(Locale.ROOT);
        if (md5Ha1 == null && sha256Ha1 == null) {
            throw new IllegalArgumentException("digest user in realm " + realm + " has no HA1");
        }
        if (md5Ha1 != null && !MD5_HEX.matcher(md5Ha1).matches()) {
            throw new IllegalArgumentException("MD5 HA1 must be 32 hex digits");
        }
        if (sha256Ha1 != null && !SHA256_HEX.matcher(sha256Ha1).matches()) {
            throw new IllegalArgumentException("SHA-256 HA1 must be 64 hex digits");
        }
    }

    /** A user known by its MD5 HA1 only, as the instance stores it. */
    public static DigestSecret md5(String realm, String ha1) {
        return new DigestSecret(realm, ha1, null);
    }

    /** Both HA1 values from a password (tests, and users given a password on the command line). */
    public static DigestSecret fromPassword(String username, String realm, String password) {
        String a1 = username + ":" + realm + ":" + password;
        return new DigestSecret(realm, hex("MD5", a1), hex("SHA-256", a1));
    }

    /** The HA1 for an algorithm by its wire name ("MD5", "SHA-256"), or null when this user has none. */
    public String ha1(String algorithm) {
        return switch (algorithm) {
            case "MD5" -> md5Ha1;
            case "SHA-256" -> sha256Ha1;
            default -> null;
        };
    }

    private static String hex(String jca, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " missing from the JDK", e);
        }
    }

    /** Never prints a hash: HA1 is as good as the password for this realm. */
    @Override
    public String toString() {
        return "DigestSecret[realm=" + realm + ", md5=" + (md5Ha1 != null) + ", sha256=" + (sha256Ha1 != null) + "]";
    }
}

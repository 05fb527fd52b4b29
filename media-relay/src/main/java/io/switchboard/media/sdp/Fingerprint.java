package io.switchboard.media.sdp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 section 5): a hash function name and the hash of the
 * DER certificate, written as upper-case hex pairs joined by colons.
 *
 * @param algorithm the hash function's SDP name in lower case ({@code sha-256})
 * @param hash the hash bytes
 */
public record Fingerprint(String algorithm, byte[] hash) {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    /** Parses an a=fingerprint value; throws when the hash function is not one we can compute. */
    public static Fingerprint parse(String value) throws SdpException {
        String[] f = value.trim().split(" +");
        if (f.length != 2) {
            throw new SdpException("a=fingerprint needs '<hash-func> <fingerprint>': " + value);
        }
        String algorithm = f[0].toLowerCase(Locale.ROOT);
        javaName(algorithm);
        try {
            return new Fingerprint(algorithm, HEX.parseHex(f[1].toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new SdpException("a=fingerprint is not colon-separated hex: " + f[1]);
        }
    }

    /** The fingerprint of {@code der} with {@code algorithm}. */
    public static Fingerprint of(String algorithm, byte[] der) {
        try {
            return new Fingerprint(algorithm, MessageDigest.getInstance(javaName(algorithm)).digest(der));
        } catch (NoSuchAlgorithmException | SdpException e) {
            throw new IllegalArgumentException("unsupported fingerprint hash " + algorithm, e);
        }
    }

    /** True when {@code der} hashes to this fingerprint (compared in constant time). */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(of(algorithm, der).hash, hash);
    }

    /** The a=fingerprint value. */
    public String sdpValue() {
        return algorithm + " " + HEX.formatHex(hash);
    }

    private static String javaName(String algorithm) throws SdpException {
        return switch (algorithm) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new SdpException("a=fingerprint hash function not supported: " + algorithm);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.algorithm.equals(algorithm) && MessageDigest.isEqual(f.hash, hash);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return sdpValue();
    }
}

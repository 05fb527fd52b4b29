package io.switchboard.turn.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 section 9.2.3): the expiry in hex and a MAC of it under a per-process key, so
 * the server remembers nothing per client, a forged nonce is refused and an old one is stale (438).
 */
public final class NonceIssuer {

    /** What a nonce is worth now. */
    public enum Check {
        VALID, STALE, INVALID
    }

    private final long lifetimeMillis;
    private final SecretKeySpec key;

    public NonceIssuer(long lifetimeMillis) {
        this(lifetimeMillis, new SecureRandom().generateSeed(32));
    }

    NonceIssuer(long lifetimeMillis, byte[] key) {
        this.lifetimeMillis = lifetimeMillis;
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String issue(long nowMillis) {
        String expiry = String.format("%012x", nowMillis + lifetimeMillis);
        return expiry + mac(expiry);
    }

    public Check check(String nonce, long nowMillis) {
        if (nonce == null || nonce.length() != 28) {
            return Check.INVALID;
        }
        String expiry = nonce.substring(0, 12);
        if (!MessageDigest.isEqual(mac(expiry).getBytes(StandardCharsets.US_ASCII),
                nonce.substring(12).getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expiry, 16);
        } catch (NumberFormatException e) {
            return Check.INVALID;
        }
        return expiresAt > nowMillis ? Check.VALID : Check.STALE;
    }

    private String mac(String expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(expiry.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(full, 0, 8);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

package io.switchboard.sip.trunk;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces: the issue time and an HMAC of it under a per-process secret, so a challenge costs
 * no memory (no growth from half-finished authentications) and a nonce can be checked for forgery and age.
 * An old but genuine nonce is "stale" (RFC 2617 section 3.2.1): the client retries without asking the user.
 */
public final class NonceService {
    /** What a presented nonce turned out to be. */
    public enum Check { VALID, STALE, FORGED }

    private final byte[] secret = new byte[32];
    private final LongSupplier clockMillis;
    private final long lifetimeMillis;

    public NonceService(LongSupplier clockMillis, long lifetimeMillis) {
        new SecureRandom().nextBytes(secret);
        this.clockMillis = clockMillis;
        this.lifetimeMillis = lifetimeMillis;
    }

    public String issue() {
        return encode(clockMillis.getAsLong());
    }

    public Check check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (raw.length != 8 + 16) {
            return Check.FORGED;
        }
        long issued = ByteBuffer.wrap(raw, 0, 8).getLong();
        byte[] expected = mac(issued);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 8, raw.length))) {
            return Check.FORGED;
        }
        long age = clockMillis.getAsLong() - issued;
        return age < 0 || age > lifetimeMillis ? Check.STALE : Check.VALID;
    }

    private String encode(long issued) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16);
        b.putLong(issued).put(mac(issued));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private byte[] mac(long issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(8).putLong(issued).array()), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}

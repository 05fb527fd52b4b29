package io.switchboard.sip.trunk;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces with state: each carries its issue time, a random part and an HMAC under a per-process secret
 * (so a forgery is told apart without a lookup), and the book remembers every live nonce with the highest
 * nonce-count (nc) accepted on it (RFC 7616 section 3.3), so a captured Authorization header cannot be used
 * twice. A nonce older than the lifetime, or genuine but no longer in the book (evicted at capacity, or from
 * before a restart), is stale: the client retries with a fresh one without asking its user (RFC 7616 section
 * 3.3, stale=true). The book is bounded: at capacity the oldest nonce goes first. Core loop only.
 */
public final class NonceService {
    /** What a presented nonce and nonce-count turned out to be. */
    public enum Check { VALID, STALE, REPLAYED, FORGED }

    private static final int RAW_LENGTH = 8 + 8 + 16;

    private final byte[] secret = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clockMillis;
    private final long lifetimeMillis;
    private final int capacity;
    /** Live nonces in issue order, to the highest nc accepted on each (0 before the first use). */
    private final LinkedHashMap<String, Long> live = new LinkedHashMap<>();
    private final Mac mac;

    public NonceService(LongSupplier clockMillis, long lifetimeMillis) {
        this(clockMillis, lifetimeMillis, 100_000);
    }

    /** @param capacity most nonces remembered at once; half-finished authentications cost at most this much */
    public NonceService(LongSupplier clockMillis, long lifetimeMillis, int capacity) {
        random.nextBytes(secret);
        this.clockMillis = clockMillis;
        this.lifetimeMillis = lifetimeMillis;
        this.capacity = capacity;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    public String issue() {
        long now = clockMillis.getAsLong();
        forgetExpired(now);
        if (live.size() >= capacity) {
            Iterator<String> oldest = live.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        ByteBuffer b = ByteBuffer.allocate(RAW_LENGTH);
        b.putLong(now).putLong(random.nextLong());
        b.put(mac(b.array(), 16));
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        live.put(nonce, 0L);
        return nonce;
    }

    /**
     * Whether {@code nonce} may be used with nonce-count {@code nc} (from the hex nc parameter); changes
     * nothing, so a wrong response cannot use up a client's counts. Call {@link #use} once the response is right.
     */
    public Check check(String nonce, long nc) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (raw.length != RAW_LENGTH
                || !MessageDigest.isEqual(mac(raw, 16), Arrays.copyOfRange(raw, 16, RAW_LENGTH))) {
            return Check.FORGED;
        }
        long age = clockMillis.getAsLong() - ByteBuffer.wrap(raw, 0, 8).getLong();
        Long highest = live.get(nonce);
        if (age < 0 || age > lifetimeMillis || highest == null) {
            return Check.STALE;
        }
        return nc > highest ? Check.VALID : Check.REPLAYED;
    }

    /** Records that {@code nc} was accepted on {@code nonce}: it and every lower count are spent. */
    public void use(String nonce, long nc) {
        live.computeIfPresent(nonce, (k, highest) -> Math.max(highest, nc));
    }

    /** Nonces remembered now (a gauge). */
    public int size() {
        return live.size();
    }

    private void forgetExpired(long now) {
        Iterator<Map.Entry<String, Long>> it = live.entrySet().iterator();
        while (it.hasNext()) {
            byte[] raw = Base64.getUrlDecoder().decode(it.next().getKey());
            if (now - ByteBuffer.wrap(raw, 0, 8).getLong() <= lifetimeMillis) {
                return; // issue order: the rest are younger
            }
            it.remove();
        }
    }

    private byte[] mac(byte[] input, int length) {
        mac.update(input, 0, length);
        return Arrays.copyOf(mac.doFinal(), 16);
    }
}

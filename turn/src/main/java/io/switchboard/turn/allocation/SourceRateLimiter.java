package io.switchboard.turn.allocation;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-source-address limit on what the server answers without authentication (401s, 438s, Binding
 * responses, errors before the credentials are checked), so that a spoofed source cannot turn the server
 * into an amplifier: past {@code perSecond} (bursts of {@code burst}) replies to one address, requests are
 * dropped unanswered. At most {@code maxSources} addresses are tracked; a flood from more addresses than that
 * is refused as a whole until {@link #sweep} forgets idle ones.
 */
public final class SourceRateLimiter {

    private final long perSecond;
    private final long burst;
    private final int maxSources;
    private final Map<InetAddress, TokenBucket> buckets = new HashMap<>();

    public SourceRateLimiter(long perSecond, long burst, int maxSources) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxSources = maxSources;
    }

    /** True when {@code source} may get one more unauthenticated reply now. */
    public boolean allow(InetAddress source, long nowMillis) {
        TokenBucket bucket = buckets.get(source);
        if (bucket == null) {
            if (buckets.size() >= maxSources) {
                return false;
            }
            bucket = new TokenBucket(perSecond, burst, nowMillis);
            buckets.put(source, bucket);
        }
        return bucket.take(1, nowMillis);
    }

    /** Forgets the sources whose bucket has filled up again. */
    public void sweep(long nowMillis) {
        buckets.values().removeIf(b -> b.idle(nowMillis));
    }

    int tracked() {
        return buckets.size();
    }
}

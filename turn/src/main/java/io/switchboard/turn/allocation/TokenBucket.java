package io.switchboard.turn.allocation;

/**
 * A token bucket on an injected time: {@code rate} tokens a second, holding at most {@code burst}. Used for
 * the bandwidth cap of an allocation (tokens are bytes) and the per-source rate limit (tokens are replies).
 * Counted in thousandths of a token, so a slow rate refills exactly on frequent calls.
 */
public final class TokenBucket {

    private final long ratePerSecond;
    private final long burstMilli;
    private long milliTokens;
    private long lastMillis;

    public TokenBucket(long ratePerSecond, long burst, long nowMillis) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.burstMilli = burst * 1000;
        this.milliTokens = burstMilli;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code amount} tokens if there are that many; false (nothing taken) otherwise. */
    public boolean take(long amount, long nowMillis) {
        refill(nowMillis);
        long needed = amount * 1000;
        if (milliTokens < needed) {
            return false;
        }
        milliTokens -= needed;
        return true;
    }

    /** True when the bucket is full again at {@code nowMillis}: nothing to remember about its source. */
    public boolean idle(long nowMillis) {
        refill(nowMillis);
        return milliTokens >= burstMilli;
    }

    private void refill(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed > 0) {
            milliTokens = Math.min(burstMilli, milliTokens + elapsed * ratePerSecond);
            lastMillis = nowMillis;
        }
    }
}

package io.switchboard.bench.webrtc.calls;

/**
 * One-way latency through the relay, in 10 us buckets up to 1 s (later ones in the last bucket). Written by
 * the generator's reader thread only; read after it stopped.
 */
final class LatencyHistogram {
    private static final int BUCKET_NANOS = 10_000;
    private final long[] buckets = new long[100_000];
    private long count;

    void record(long nanos) {
        int i = (int) Math.min(buckets.length - 1, Math.max(0, nanos / BUCKET_NANOS));
        buckets[i]++;
        count++;
    }

    /** The {@code q} quantile in milliseconds, or NaN with nothing recorded. */
    double quantileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return (i + 1) * (BUCKET_NANOS / 1e6);
            }
        }
        return buckets.length * (BUCKET_NANOS / 1e6);
    }
}

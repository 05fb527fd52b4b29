package io.switchboard.turn.allocation;

/**
 * Lifetimes and limits of allocations (RFC 8656 sections 7, 9, 12): the default and maximum allocation
 * lifetime, the permission and channel lifetimes, the quotas per user and in total (486 past them), and the
 * bandwidth cap of one allocation in bytes per second in each direction (0: none).
 */
public record AllocationPolicy(int defaultLifetimeSeconds, int maxLifetimeSeconds, int permissionSeconds,
                               int channelSeconds, int maxPerUser, int maxTotal, long bandwidthBytesPerSecond) {

    public static final int DEFAULT_LIFETIME = 600;
    public static final int MAX_LIFETIME = 3600;
    public static final int PERMISSION_LIFETIME = 300;
    public static final int CHANNEL_LIFETIME = 600;

    public AllocationPolicy {
        if (defaultLifetimeSeconds <= 0 || maxLifetimeSeconds < defaultLifetimeSeconds) {
            throw new IllegalArgumentException("lifetimes: default " + defaultLifetimeSeconds + " s, max "
                    + maxLifetimeSeconds + " s");
        }
        if (maxPerUser <= 0 || maxTotal <= 0 || bandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("quotas must be positive and the bandwidth cap not negative");
        }
    }

    /** The RFC's lifetimes with the given quotas and cap. */
    public static AllocationPolicy of(int maxPerUser, int maxTotal, long bandwidthBytesPerSecond) {
        return new AllocationPolicy(DEFAULT_LIFETIME, MAX_LIFETIME, PERMISSION_LIFETIME, CHANNEL_LIFETIME,
                maxPerUser, maxTotal, bandwidthBytesPerSecond);
    }

    /**
     * RFC 8656 section 7.2 step 8 and 7.3: a requested lifetime (null when absent) becomes the default when
     * absent or shorter than it, and is cut to the maximum.
     */
    public int grantedLifetime(Integer requested) {
        if (requested == null || requested < defaultLifetimeSeconds) {
            return defaultLifetimeSeconds;
        }
        return Math.min(requested, maxLifetimeSeconds);
    }
}

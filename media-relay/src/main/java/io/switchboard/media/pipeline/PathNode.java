package io.switchboard.media.pipeline;

import io.switchboard.media.api.PathNodeCounters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every node of a media path counts: packets in, and packets dropped by reason; out is the difference,
 * so passing a packet on costs nothing. A node is confined to its endpoint's loop like the rest of the path,
 * so the counters are plain fields, read there for a snapshot.
 */
public abstract class PathNode {
    private static final String[] NO_REASONS = new String[0];
    private static final long[] NO_DROPS = new long[0];

    private final String name;
    private final String[] reasons;
    private final long[] dropped;
    private long in;

    /** A node that drops nothing. */
    protected PathNode(String name) {
        this(name, NO_REASONS);
    }

    /**
     * @param name the path and role, {@code receive/latch}
     * @param reasons why the node drops, indexed by the constants the node passes to {@link #drop}; kept,
     *     not copied (every endpoint has a node of each kind, and the names are constants)
     */
    protected PathNode(String name, String[] reasons) {
        this.name = name;
        this.reasons = reasons;
        this.dropped = reasons.length == 0 ? NO_DROPS : new long[reasons.length];
    }

    /** Counts a packet reaching the node. */
    protected final void arrived() {
        in++;
    }

    /** Counts a packet dropped for {@code reason}; returns false, so a node can {@code return drop(R)}. */
    protected final boolean drop(int reason) {
        dropped[reason]++;
        return false;
    }

    public final String name() {
        return name;
    }

    public final long in() {
        return in;
    }

    /** Packets passed on. */
    public final long out() {
        return in - dropped();
    }

    /** Packets dropped for any reason. */
    public final long dropped() {
        long sum = 0;
        for (long d : dropped) {
            sum += d;
        }
        return sum;
    }

    /** Packets dropped for {@code reason}, one of the node's constants. */
    public final long dropped(int reason) {
        return dropped[reason];
    }

    /** A snapshot for {@link io.switchboard.media.api.EndpointStatistics}; call on the loop. */
    public PathNodeCounters counters() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (int i = 0; i < reasons.length; i++) {
            byReason.put(reasons[i], dropped[i]);
        }
        return new PathNodeCounters(name, in, out(), Collections.unmodifiableMap(byReason));
    }

    @Override
    public String toString() {
        return name + " in=" + in + " out=" + out();
    }
}

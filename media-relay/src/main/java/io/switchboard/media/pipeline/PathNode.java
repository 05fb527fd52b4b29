package io.switchboard.media.pipeline;

import io.switchboard.media.api.PathNodeCounters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node of a media path counts: packets in, and packets dropped by reason; out is the difference,
 * so passing a packet on costs nothing. A node is confined to its endpoint's loop like the rest of the path,
 * so the counters are plain fields, read there for a snapshot.
 *
 * <p>Nodes are small on purpose: a packet visits every node of two endpoints, and at thousands of endpoints
 * each one's nodes are cold in the CPU cache by the time its next packet comes, so every cache line a node
 * spans is paid per packet. A node therefore keeps its drop counters as fields of its own (no array beside
 * it), shares its name and reasons with every node of its kind, and the paths create their nodes one after
 * the other, so that they lie next to each other on the heap.
 */
public abstract class PathNode {
    private final Kind kind;
    private long in;

    protected PathNode(Kind kind) {
        this.kind = kind;
    }

    /** Counts a packet reaching the node. */
    protected final void arrived() {
        in++;
    }

    public final String name() {
        return kind.name();
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
        for (int i = 0; i < kind.reasons().size(); i++) {
            sum += dropped(i);
        }
        return sum;
    }

    /** Packets dropped for the reason at {@code index} of {@link Kind#reasons()}; a node that drops overrides it. */
    public long dropped(int index) {
        throw new IndexOutOfBoundsException(name() + " drops nothing");
    }

    /** A snapshot for {@link io.switchboard.media.api.EndpointStatistics}; call on the loop. */
    public PathNodeCounters counters() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (int i = 0; i < kind.reasons().size(); i++) {
            byReason.put(kind.reasons().get(i), dropped(i));
        }
        return new PathNodeCounters(name(), in, out(), Collections.unmodifiableMap(byReason));
    }

    @Override
    public String toString() {
        return name() + " in=" + in + " out=" + out();
    }

    /**
     * A kind of node: its path and role ({@code receive/latch}) and why it drops, in the order of its
     * {@link #dropped(int)} indexes. One per node class.
     */
    public record Kind(String name, List<String> reasons) {
        public static Kind of(String name, String... reasons) {
            return new Kind(name, List.of(reasons));
        }
    }
}

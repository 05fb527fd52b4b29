package io.switchboard.media.pipeline;

import io.switchboard.media.api.PathNodeCounters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node of a media path counts: packets dropped by reason. Packets in are what the node before
 * let through, and out is in minus dropped, so the path works both out from the drops and from the one
 * count it keeps itself (see {@link ReceivePath#counters()}); a packet that passes costs no counter here.
 *
 * <p>A packet reads a node only when the node drops it or acts on it (the latch latching, the meter's
 * statistics, the rewrite). At thousands of endpoints each endpoint's state is cold in the CPU cache by the
 * time its next packet comes, so every object a packet reads costs a cache miss; the path therefore keeps
 * the few fields every packet reads (the negotiated payload types, the latched source, the consumer) and
 * applies a node's rule to them (the nodes' static {@code passes}-style methods), and a node keeps its
 * drop counters and what only its slow cases need. A node is confined to its endpoint's loop like the rest
 * of the path, so the counters are plain fields, read there for a snapshot.
 */
public abstract class PathNode {
    private final Kind kind;

    protected PathNode(Kind kind) {
        this.kind = kind;
    }

    public final String name() {
        return kind.name();
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

    /**
     * A snapshot for {@link io.switchboard.media.api.EndpointStatistics}; call on the loop.
     *
     * @param in the packets that reached the node: what the node before it passed on
     */
    public PathNodeCounters counters(long in) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (int i = 0; i < kind.reasons().size(); i++) {
            byReason.put(kind.reasons().get(i), dropped(i));
        }
        return new PathNodeCounters(name(), in, in - dropped(), Collections.unmodifiableMap(byReason));
    }

    @Override
    public String toString() {
        return name() + " dropped=" + dropped();
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

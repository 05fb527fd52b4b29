package io.switchboard.media.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * The relay-wide count of packets refused for their source, kept beside each endpoint's own counters so that
 * {@code /metrics} shows RTP Bleed attempts across every endpoint, closed ones included. Only the drop
 * branches touch it (a packet that passes never does); safe from any thread, allocation-free once warm.
 */
public final class SourceDropTally {
    private final LongAdder foreignSource = new LongAdder();
    private final LongAdder foreignHost = new LongAdder();

    void foreignSource() {
        foreignSource.increment();
    }

    void foreignHost() {
        foreignHost.increment();
    }

    /** RTP packets from a source other than the latched one, or one that had not (yet) passed learning. */
    public long foreignSourceDropped() {
        return foreignSource.sum();
    }

    /** RTCP packets from a host other than the peer's. */
    public long foreignHostDropped() {
        return foreignHost.sum();
    }
}

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Measures what the peer sends us, its RFC 3550 receive statistics (loss, jitter: see {@link ReceiveStats}),
 * then holds back what our local direction does not receive (we answered sendonly or inactive: RFC 3264
 * section 6.1), so a held leg is still measured but nobody behind hears it.
 *
 * <p>The receive path keeps the packet and byte counts, when the peer was last heard (for the media
 * timeout) and whether we receive, since every packet reads or writes them (see {@link PathNode}); every
 * packet also updates the statistics the node owns; the node itself is read only for a packet it holds back.
 */
public final class ReceiveMeter extends PathNode {
    private static final Kind KIND = Kind.of("receive/stats", "not-receiving");

    private final ReceiveStats stats = new ReceiveStats();
    private long notReceiving;

    ReceiveMeter() {
        super(KIND);
    }

    /** Adds one packet to {@code stats}, with its arrival in 8 kHz timestamp units. */
    static void measure(ReceiveStats stats, ByteBuf packet, long arrivalNanos) {
        stats.onPacket(RtpHeader.ssrc(packet), RtpHeader.sequence(packet), RtpHeader.timestamp(packet),
                arrivalNanos / 125_000L, packet.readableBytes());
    }

    /** Counts a measured packet held back because our direction does not receive. */
    void holdBack() {
        notReceiving++;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? notReceiving : super.dropped(index);
    }

    public ReceiveStats stats() {
        return stats;
    }
}

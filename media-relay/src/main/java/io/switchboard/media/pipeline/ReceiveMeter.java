package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Counts what the peer sends us and keeps its RFC 3550 receive statistics (loss, jitter: see
 * {@link ReceiveStats}) and the time it was last heard; then holds back what our local direction does not
 * receive (we answered sendonly or inactive: RFC 3264 section 6.1), so a held leg is still measured but
 * nobody behind hears it.
 */
public final class ReceiveMeter extends PathNode {
    private static final Kind KIND = Kind.of("receive/stats", "not-receiving");

    private final InboundActivity activity;
    private final ReceiveStats stats;
    private long bytes;
    private long notReceiving;
    private boolean receives;

    ReceiveMeter(InboundActivity activity) {
        super(KIND);
        this.activity = activity;
        this.stats = new ReceiveStats(); // right behind the meter on the heap
    }

    void direction(boolean receives) {
        this.receives = receives;
    }

    /** True when the packet goes on to the observers. */
    public boolean record(ByteBuf packet, long arrivalNanos) {
        arrived();
        activity.rtpArrived(arrivalNanos);
        int size = packet.readableBytes();
        bytes += size;
        stats.onPacket(RtpHeader.ssrc(packet), RtpHeader.sequence(packet), RtpHeader.timestamp(packet),
                arrivalNanos / 125_000L, size); // 8 kHz timestamp units
        if (!receives) {
            notReceiving++;
            return false;
        }
        return true;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? notReceiving : super.dropped(index);
    }

    /** RTP packets counted (the endpoint's packets in). */
    public long packets() {
        return in();
    }

    public long bytes() {
        return bytes;
    }

    public ReceiveStats stats() {
        return stats;
    }
}

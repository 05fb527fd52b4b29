package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Counts what the peer sends us and keeps its RFC 3550 receive statistics (loss, jitter: see
 * {@link ReceiveStats}); then holds back what our local direction does not receive (we answered sendonly
 * or inactive: RFC 3264 section 6.1), so a held leg is still measured but nobody behind hears it.
 *
 * <p>It also keeps when the peer was last heard, for the media timeout: RTP and RTCP (from the control
 * branch) both count as signs of life, a new remote description restarts the wait, and a timeout is
 * reported once until RTP flows again (RTCP alone keeps a stream from timing out but does not re-arm a
 * report already made).
 */
public final class ReceiveMeter extends PathNode {
    private static final Kind KIND = Kind.of("receive/stats", "not-receiving");

    private final ReceiveStats stats;
    private long bytes;
    private long notReceiving;
    private long lastHeardNanos;
    private boolean timeoutReported;
    private boolean receives;

    ReceiveMeter(long nowNanos) {
        super(KIND);
        this.stats = new ReceiveStats(); // right behind the meter on the heap
        this.lastHeardNanos = nowNanos;
    }

    void direction(boolean receives) {
        this.receives = receives;
    }

    /** True when the packet goes on to the observers. */
    public boolean record(ByteBuf packet, long arrivalNanos) {
        arrived();
        lastHeardNanos = arrivalNanos;
        timeoutReported = false;
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

    /** RTCP from the peer arrived: a sign of life. */
    void controlArrived(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    /** A new remote description: waiting starts over. */
    void restartTimeout(long nowNanos) {
        lastHeardNanos = nowNanos;
        timeoutReported = false;
    }

    /** True once per silence longer than {@code limitNanos}; the caller reports it. */
    boolean timedOut(long nowNanos, long limitNanos) {
        if (!timeoutReported && nowNanos - lastHeardNanos > limitNanos) {
            timeoutReported = true;
            return true;
        }
        return false;
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

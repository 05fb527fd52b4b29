package io.switchboard.media.webrtc.srtp;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.media.pipeline.PathNode;

/**
 * The last send node on a WebRTC port: plain RTP and RTCP in, SRTP and SRTCP out. The protected packet goes
 * into a new pooled buffer, since the one handed in may share its memory with a recorder or mixer tap; the
 * original is released. Drops (and counts) what comes before the keys or has no selected pair. Loop-confined.
 */
public final class SrtpSendNode extends PathNode {
    private static final Kind KIND = Kind.of("send/srtp", "not-secure", "no-pair", "failed");
    /** Room for the longest tag (GCM, 16 bytes) and the SRTCP index (4 bytes). */
    private static final int OVERHEAD = 20;

    private SrtpSession session;
    private long notSecure;
    private long noPair;
    private long failed;

    /** Packets that reached this node: the transport is the first stage of a WebRTC path, so it counts its own. */
    private long in;

    public SrtpSendNode() {
        super(KIND);
    }

    public void keyed(SrtpSession keyed) {
        this.session = keyed;
    }

    /** A packet with nowhere to go (no selected pair, or the transport failed): counted, released here. */
    public void noPair(ByteBuf packet) {
        in++;
        noPair++;
        packet.release();
    }

    /** Protects {@code packet} (taking ownership); the protected copy, or null when dropped. */
    public ByteBuf protect(ByteBuf packet, boolean rtcp, ByteBufAllocator alloc) {
        in++;
        SrtpSession s = session;
        if (s == null) {
            notSecure++;
            packet.release();
            return null;
        }
        int length = packet.readableBytes();
        byte[] scratch = s.scratch(length + OVERHEAD);
        packet.getBytes(packet.readerIndex(), scratch, 0, length);
        packet.release();
        int result = s.protect(length, rtcp);
        if (result < 0) {
            failed++;
            return null;
        }
        ByteBuf out = alloc.directBuffer(result);
        out.writeBytes(s.result(), 0, result);
        return out;
    }

    @Override
    public long dropped(int index) {
        return switch (index) {
            case 0 -> notSecure;
            case 1 -> noPair;
            case 2 -> failed;
            default -> super.dropped(index);
        };
    }

    /** A snapshot for the endpoint's statistics; on the loop. */
    public PathNodeCounters counters() {
        return counters(in);
    }
}

package io.switchboard.media.webrtc.srtp;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.pipeline.PathNode;

/**
 * The receive node before the path's demultiplexer on a WebRTC port: SRTP and SRTCP in, plain RTP and RTCP
 * out, in the same buffer. Drops (and counts) packets that arrive before the keys, from an address ICE has
 * not validated, that fail authentication, or that replay one inside the window. Loop-confined.
 */
public final class SrtpReceiveNode extends PathNode {
    private static final Kind KIND = Kind.of("receive/srtp", "not-secure", "unchecked-source", "auth", "replay",
            "invalid");

    private SrtpSession session;
    private long notSecure;
    private long uncheckedSource;
    private long auth;
    private long replay;
    private long invalid;

    /** Packets that reached this node: the transport is the first stage of a WebRTC path, so it counts its own. */
    private long in;

    public SrtpReceiveNode() {
        super(KIND);
    }

    /** Keys from the DTLS handshake: from now on packets are decrypted. */
    public void keyed(SrtpSession keyed) {
        this.session = keyed;
    }

    /** A packet from a source ICE did not validate: counted here, released by the caller. */
    public void uncheckedSource() {
        in++;
        uncheckedSource++;
    }

    /**
     * Unprotects {@code packet} in place; false when it is dropped (the caller releases it).
     *
     * @param rtcp true for SRTCP (RFC 3711 section 3.4)
     */
    public boolean unprotect(ByteBuf packet, boolean rtcp) {
        in++;
        SrtpSession s = session;
        if (s == null) {
            notSecure++;
            return false;
        }
        int length = packet.readableBytes();
        byte[] scratch = s.scratch(length);
        packet.getBytes(packet.readerIndex(), scratch, 0, length);
        int result = s.unprotect(length, rtcp);
        if (result < 0) {
            if (result == SrtpSession.AUTH_FAILED) {
                auth++;
            } else if (result == SrtpSession.REPLAYED) {
                replay++;
            } else {
                invalid++;
            }
            return false;
        }
        packet.setBytes(packet.readerIndex(), s.result(), 0, result);
        packet.writerIndex(packet.readerIndex() + result);
        return true;
    }

    /** Packets dropped as replays. */
    public long replayed() {
        return replay;
    }

    @Override
    public long dropped(int index) {
        return switch (index) {
            case 0 -> notSecure;
            case 1 -> uncheckedSource;
            case 2 -> auth;
            case 3 -> replay;
            case 4 -> invalid;
            default -> super.dropped(index);
        };
    }

    /** A snapshot for the endpoint's statistics; on the loop. */
    public PathNodeCounters counters() {
        return counters(in);
    }
}

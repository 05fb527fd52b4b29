package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.PacketKind;

/**
 * The first receive node: tells apart what shares a media port by the first byte (RFC 7983 section 7):
 * 0-3 STUN, 20-63 DTLS, 128-191 RTP or RTCP, and within that range RTCP by the packet type in the second
 * byte, 192-223 (RFC 5761 section 4). RTP and RTCP go on; STUN and DTLS go to the transport, which drops
 * them on a plain RTP leg (see {@link #unclaimed}); anything else is dropped here.
 *
 * <p>On a separate RTCP port (no rtcp-mux) only RTP and RTCP are expected: what else arrives there is
 * dropped as {@code not-rtp-or-rtcp}, since ICE and DTLS always run on the RTP port.
 */
public final class Demultiplexer extends PathNode {
    private static final Kind KIND = Kind.of("receive/demux", "stun", "dtls", "unknown", "not-rtp-or-rtcp");

    private long rtp;
    private long rtcp;
    private long stun;
    private long dtls;
    private long unknown;
    private long notOnControlPort;

    public Demultiplexer() {
        super(KIND);
    }

    /**
     * Classifies a datagram and counts it; {@link PacketKind#UNKNOWN} means dropped (the caller releases).
     *
     * @param controlPort true when it arrived on the separate RTCP port
     */
    public PacketKind classify(ByteBuf datagram, boolean controlPort) {
        arrived();
        PacketKind kind = PacketKind.of(datagram);
        if (kind == PacketKind.RTP) {
            rtp++;
        } else if (kind == PacketKind.RTCP) {
            rtcp++;
        } else if (kind == PacketKind.UNKNOWN) {
            unknown++;
        } else if (controlPort) {
            notOnControlPort++;
            return PacketKind.UNKNOWN;
        }
        return kind;
    }

    /** A STUN or DTLS datagram the transport did not take (a plain RTP leg speaks neither): dropped. */
    public void unclaimed(PacketKind kind) {
        if (kind == PacketKind.STUN) {
            stun++;
        } else {
            dtls++;
        }
    }

    @Override
    public long dropped(int index) {
        return switch (index) {
            case 0 -> stun;
            case 1 -> dtls;
            case 2 -> unknown;
            case 3 -> notOnControlPort;
            default -> super.dropped(index);
        };
    }

    /** RTP packets passed on. */
    public long rtp() {
        return rtp;
    }

    /** RTCP packets passed on to the control branch. */
    public long rtcp() {
        return rtcp;
    }
}

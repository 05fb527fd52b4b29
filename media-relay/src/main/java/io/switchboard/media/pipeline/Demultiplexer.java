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
    static final int STUN = 0;
    static final int DTLS = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL_PORT = 3;
    /** Drop reasons, indexed by the constants above. */
    private static final String[] REASONS = {"stun", "dtls", "unknown", "not-rtp-or-rtcp"};

    private long rtp;
    private long rtcp;

    public Demultiplexer() {
        super("receive/demux", REASONS);
    }

    /**
     * Classifies a datagram and counts it; {@link PacketKind#UNKNOWN} means dropped (the caller releases).
     *
     * @param controlPort true when it arrived on the separate RTCP port
     */
    public PacketKind classify(ByteBuf datagram, boolean controlPort) {
        arrived();
        PacketKind kind = PacketKind.of(datagram);
        switch (kind) {
            case RTP -> rtp++;
            case RTCP -> rtcp++;
            case UNKNOWN -> drop(UNKNOWN);
            default -> {
                if (controlPort) {
                    drop(CONTROL_PORT);
                    return PacketKind.UNKNOWN;
                }
            }
        }
        return kind;
    }

    /** A STUN or DTLS datagram the transport did not take (a plain RTP leg speaks neither): dropped. */
    public void unclaimed(PacketKind kind) {
        drop(kind == PacketKind.STUN ? STUN : DTLS);
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

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.PacketKind;

/**
 * The first receive node: tells apart what shares a media port by the first byte (RFC 7983 section 7):
 * 0-3 STUN, 20-63 DTLS, 128-191 RTP or RTCP, and within that range RTCP by the packet type in the second
 * byte, 192-223 (RFC 5761 section 4). RTP and RTCP go on; STUN and DTLS go to the transport, which drops
 * them on a plain RTP leg (see {@link #unclaimed}); anything else is dropped here.
 *
 * <p>On a separate RTCP port (no rtcp-mux) only RTP and RTCP are expected: what else arrives there is
 * dropped as {@code not-rtp-or-rtcp}, since ICE and DTLS always run on the RTP port.
 *
 * <p>The receive path tells RTP apart itself ({@link PacketKind#of}) and counts it, and shows the node only
 * the rest (see {@link PathNode}); {@link #classify} does both, for the node on its own.
 */
public final class Demultiplexer extends PathNode {
    private static final Kind KIND = Kind.of("receive/demux", "stun", "dtls", "unknown", "not-rtp-or-rtcp");

    private long rtp;
    private long rtcp;
    /** STUN and DTLS datagrams handed to the transport; those it did not take count as dropped too. */
    private long handshakes;
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
        return sort(PacketKind.of(datagram), controlPort);
    }

    /**
     * Counts a datagram of {@code kind} (as {@link PacketKind#of} tells it) and says where it goes;
     * {@link PacketKind#UNKNOWN} means dropped. RTP goes on wherever it arrived.
     */
    PacketKind sort(PacketKind kind, boolean controlPort) {
        if (kind == PacketKind.RTP) {
            rtp++;
        } else if (kind == PacketKind.RTCP) {
            rtcp++;
        } else if (kind == PacketKind.UNKNOWN) {
            unknown++;
        } else if (controlPort) {
            notOnControlPort++;
            return PacketKind.UNKNOWN;
        } else {
            handshakes++;
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

    /** Datagrams the node classified; a STUN or DTLS datagram the transport took counts as passed on. */
    public long in() {
        return rtp + rtcp + handshakes + unknown + notOnControlPort;
    }

    /** Datagrams passed on: RTP, RTCP, and handshakes the transport took. */
    public long out() {
        return in() - dropped();
    }

    /** RTP packets passed on. */
    public long rtp() {
        return rtp;
    }

    /** RTCP packets passed on to the control branch. */
    public long rtcp() {
        return rtcp;
    }

    /** The node's counters as it counted them alone. */
    public PathNodeCounters counters() {
        return counters(in());
    }
}

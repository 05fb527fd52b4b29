package io.switchboard.media.pipeline;

import io.switchboard.media.api.MediaSourcePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Decides which source may feed an endpoint (symmetric RTP without RTP Bleed).
 *
 * <p>Packets from the address signalled in SDP are accepted and latch it. When the signalled address is a
 * public one, no other source is ever latched: until its first packet arrives, nothing else gets in. NAT is
 * expected only when the signalled address is private (RFC 1918, RFC 6598 shared, link-local, IPv6 unique or
 * link-local): then its packets may never come, and we do not send to it either (it is not reachable from
 * here, and sending would answer whoever guesses the port); a source elsewhere is learned instead, strictly
 * (Asterisk's
 * {@code strictrtp} probation, rtpengine's {@code strict-source}): it must send {@value #LEARNING_PACKETS}
 * packets in a row, with no other source in between, one SSRC (the signalled a=ssrc when there is one), a
 * negotiated payload type and, when the caller gives them, consecutive sequence numbers, all within a short
 * window after the remote description arrived. Until then none of its packets enter and nothing is sent to
 * it: a host spraying the port range is neither heard nor answered. Within the window the signalled address
 * still wins over a learned source. After the window the source never changes until a new remote description
 * is signalled; every other packet, the learning ones included, is counted and dropped. Loop-confined.
 *
 * <p>The {@link MediaSourcePolicy} (per trunk) says when learning is allowed: only behind NAT as above (the
 * default), never, or whatever address the SDP names. Where the signalled address is public we send to it
 * until a source latches, in every policy.
 *
 * <p>The receive node after validation. The receive path keeps a copy of the latched source, admits packets
 * from it without reading the latch, and tells the send path the {@link #destination()} whenever the latch
 * may have moved (see {@link PathNode}).
 */
final class SourceLatch extends PathNode {
    private static final Kind KIND = Kind.of("receive/latch", "foreign-source");
    /** Packets in a row a source other than the signalled one must send to be learned (Asterisk's default of 4). */
    static final int LEARNING_PACKETS = 4;

    private InetSocketAddress signaled;
    private InetSocketAddress latched;
    private long windowEndsNanos;
    private long expectedSsrc = -1;
    private int codecPt = -1;
    private int eventPt = -1;
    private boolean natLatched;
    /** The signalled address is private: we send nowhere until a source latches. */
    private boolean natExpected;
    /** Another source than the signalled one may be learned (the policy allows it for this address). */
    private boolean learning;
    private MediaSourcePolicy policy = MediaSourcePolicy.LEARN_BEHIND_NAT;
    private long foreignSource;
    /** The source being learned, its SSRC, its last sequence number (-1: not given) and packets so far. */
    private InetSocketAddress candidate;
    private long candidateSsrc;
    private int candidateSequence;
    private int candidatePackets;

    private final SourceDropTally tally;

    SourceLatch() {
        this(new SourceDropTally());
    }

    SourceLatch(SourceDropTally tally) {
        super(KIND);
        this.tally = tally;
    }

    /** Which sources may be learned from the next remote description on. */
    void policy(MediaSourcePolicy sources) {
        this.policy = sources;
    }

    /** A new remote description: the latch restarts unless the signalled address is unchanged. */
    void signal(InetSocketAddress address, long ssrc, int codecPayloadType, int eventPayloadType, long nowNanos,
            long windowNanos) {
        boolean same = address != null && address.equals(signaled);
        this.signaled = address;
        this.natExpected = address != null && behindNat(address.getAddress());
        this.learning = address != null && policy.learns(natExpected);
        this.expectedSsrc = ssrc;
        this.codecPt = codecPayloadType;
        this.eventPt = eventPayloadType;
        if (!same) {
            latch(null);
            this.natLatched = false;
            this.windowEndsNanos = nowNanos + windowNanos;
            this.candidate = null;
        }
    }

    /** As {@link #admit(InetSocketAddress, long, int, int, long)} for a caller that does not give sequence numbers. */
    boolean admit(InetSocketAddress from, long ssrc, int payloadType, long nowNanos) {
        return admit(from, ssrc, payloadType, -1, nowNanos);
    }

    /**
     * True when a packet from {@code from} may enter: from the latched source, or from the signalled address
     * before latching (which latches it), or the packet that completes learning another source. The receive
     * path admits a packet from the latched source itself (see {@link ReceivePath}) and asks here about the rest.
     *
     * @param sequence the packet's RTP sequence number, or -1 to learn without checking that they run on
     */
    boolean admit(InetSocketAddress from, long ssrc, int payloadType, int sequence, long nowNanos) {
        if (latched != null) {
            if (latched.equals(from)) {
                return true;
            }
            if (natLatched && from.equals(signaled) && nowNanos - windowEndsNanos < 0) {
                latch(signaled);
                natLatched = false;
                return true;
            }
            refused();
            return false;
        }
        if (signaled != null && signaled.equals(from)) {
            latch(signaled);
            return true;
        }
        boolean inWindow = nowNanos - windowEndsNanos < 0;
        boolean negotiatedPt = payloadType == codecPt || (eventPt >= 0 && payloadType == eventPt);
        if (learning && inWindow && negotiatedPt && (expectedSsrc < 0 || expectedSsrc == ssrc)
                && learn(from, ssrc, sequence)) {
            latch(from);
            natLatched = true;
            candidate = null;
            return true;
        }
        refused();
        return false;
    }

    private void refused() {
        foreignSource++;
        tally.foreignSource();
    }

    /** Counts a packet towards learning {@code from}; true when it is the one that completes learning. */
    private boolean learn(InetSocketAddress from, long ssrc, int sequence) {
        boolean continues = from.equals(candidate) && ssrc == candidateSsrc
                && (sequence < 0 || candidateSequence < 0 || sequence == ((candidateSequence + 1) & 0xFFFF));
        if (continues) {
            candidatePackets++;
        } else {
            candidate = from; // another source, SSRC or a gap in the numbers: start over with this packet
            candidateSsrc = ssrc;
            candidatePackets = 1;
        }
        candidateSequence = sequence;
        return candidatePackets >= LEARNING_PACKETS;
    }

    private void latch(InetSocketAddress source) {
        latched = source;
    }

    /** True when an RTCP packet from {@code from} comes from the latched (or signalled) host. */
    boolean admitControl(InetSocketAddress from) {
        InetSocketAddress peer = latched != null ? latched : signaled;
        return peer != null && peer.getAddress().equals(from.getAddress());
    }

    /** Where to send: the latched source, else a public signalled address, else null. */
    InetSocketAddress destination() {
        return latched != null ? latched : natExpected ? null : signaled;
    }

    /** True for an address a peer behind NAT would signal: private, shared (CGN), link-local or IPv6 unique local. */
    static boolean behindNat(InetAddress address) {
        if (address == null || address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return address != null;
        }
        byte[] a = address.getAddress();
        if (a.length == 4) {
            return (a[0] & 0xFF) == 100 && (a[1] & 0xC0) == 64; // 100.64.0.0/10, RFC 6598
        }
        return (a[0] & 0xFE) == 0xFC; // fc00::/7, RFC 4193
    }

    InetSocketAddress latched() {
        return latched;
    }

    /**
     * True when the latched source can no longer change before the next remote description: it is the
     * signalled address, or a NAT mapping whose window has closed.
     */
    boolean settled(long nowNanos) {
        return latched != null && (!natLatched || nowNanos - windowEndsNanos >= 0);
    }

    boolean natLatched() {
        return natLatched;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? foreignSource : super.dropped(index);
    }
}

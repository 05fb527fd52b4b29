package io.switchboard.media.pipeline;

import java.net.InetSocketAddress;

/**
 * Decides which source may feed an endpoint (symmetric RTP without RTP Bleed).
 *
 * <p>Packets from the address signalled in SDP are accepted and latch it. Behind NAT the signalled address
 * is private, so the first packet from elsewhere that carries a negotiated payload type (and the signalled
 * a=ssrc when there is one) latches that source instead, but only within a short window after the remote
 * description arrived. Within that window the signalled address still wins over a source latched by guess
 * (so a stranger who sends first cannot keep the stream). After the window the source never changes until a
 * new remote description is signalled; every other packet is counted and dropped. Loop-confined.
 *
 * <p>The receive node after validation. The receive path keeps a copy of the latched source, admits packets
 * from it without reading the latch, and tells the send path the {@link #destination()} whenever the latch
 * may have moved (see {@link PathNode}).
 */
final class SourceLatch extends PathNode {
    private static final Kind KIND = Kind.of("receive/latch", "foreign-source");

    private InetSocketAddress signaled;
    private InetSocketAddress latched;
    private long windowEndsNanos;
    private long expectedSsrc = -1;
    private int codecPt = -1;
    private int eventPt = -1;
    private boolean natLatched;
    private long foreignSource;

    SourceLatch() {
        super(KIND);
    }

    /** A new remote description: the latch restarts unless the signalled address is unchanged. */
    void signal(InetSocketAddress address, long ssrc, int codecPayloadType, int eventPayloadType, long nowNanos,
            long windowNanos) {
        boolean same = address != null && address.equals(signaled);
        this.signaled = address;
        this.expectedSsrc = ssrc;
        this.codecPt = codecPayloadType;
        this.eventPt = eventPayloadType;
        if (!same) {
            latch(null);
            this.natLatched = false;
            this.windowEndsNanos = nowNanos + windowNanos;
        }
    }

    /**
     * True when a packet from {@code from} may enter; latches on the first acceptable one. The receive path
     * admits a packet from the latched source itself (see {@link ReceivePath}) and asks here about the rest.
     */
    boolean admit(InetSocketAddress from, long ssrc, int payloadType, long nowNanos) {
        if (latched != null) {
            if (latched.equals(from)) {
                return true;
            }
            if (natLatched && from.equals(signaled) && nowNanos - windowEndsNanos < 0) {
                latch(signaled);
                natLatched = false;
                return true;
            }
            foreignSource++;
            return false;
        }
        if (signaled != null && signaled.equals(from)) {
            latch(signaled);
            return true;
        }
        boolean inWindow = nowNanos - windowEndsNanos < 0;
        boolean negotiatedPt = payloadType == codecPt || (eventPt >= 0 && payloadType == eventPt);
        if (signaled != null && inWindow && negotiatedPt && (expectedSsrc < 0 || expectedSsrc == ssrc)) {
            latch(from);
            natLatched = true;
            return true;
        }
        foreignSource++;
        return false;
    }

    private void latch(InetSocketAddress source) {
        latched = source;
    }

    /** True when an RTCP packet from {@code from} comes from the latched (or signalled) host. */
    boolean admitControl(InetSocketAddress from) {
        InetSocketAddress peer = latched != null ? latched : signaled;
        return peer != null && peer.getAddress().equals(from.getAddress());
    }

    /** Where to send: the latched source, else the signalled address, else null. */
    InetSocketAddress destination() {
        return latched != null ? latched : signaled;
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

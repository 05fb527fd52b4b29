package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The control branch after the demultiplexer: RTCP from the peer's host (the latched source, or the
 * signalled address before latching; the port may differ, as RTCP comes from RTP port + 1 without rtcp-mux)
 * is read into the endpoint's {@link RtcpSession} and counts as a sign of life; RTCP from anyone else is
 * dropped, so a stranger cannot feed us reports about our stream. Ends every packet it is given.
 */
public final class RtcpInput extends PathNode {
    private static final Kind KIND = Kind.of("receive/rtcp", "foreign-host");

    private final SourceLatch latch;
    private final RtcpSession session;
    private final long ourSsrc;
    private long in;
    private long foreignHost;

    private final SourceDropTally tally;

    RtcpInput(SourceLatch latch, RtcpSession session, long ourSsrc, SourceDropTally tally) {
        super(KIND);
        this.tally = tally;
        this.latch = latch;
        this.session = session;
        this.ourSsrc = ourSsrc;
    }

    /** Reads and releases {@code packet}; true when it came from the peer (a sign of life). */
    public boolean receive(ByteBuf packet, InetSocketAddress sender, long arrivalNanos) {
        in++;
        try {
            if (!latch.admitControl(sender)) {
                foreignHost++;
                tally.foreignHost();
                return false;
            }
            session.receive(packet, ourSsrc, arrivalNanos, RtcpSession.unixNanos());
            return true;
        } finally {
            packet.release();
        }
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? foreignHost : super.dropped(index);
    }

    public long in() {
        return in;
    }

    /** RTCP packets read from the peer. */
    public long out() {
        return in - dropped();
    }
}

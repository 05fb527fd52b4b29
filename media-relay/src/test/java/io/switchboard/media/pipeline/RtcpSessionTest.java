package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.codec.Rtcp;
import io.switchboard.media.codec.RtpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our reports carry the right counts and report block; the peer's reports give loss, jitter and RTT. */
class RtcpSessionTest {
    private static final long S = 1_000_000_000L;

    @Test
    void reportsWhatWeSentAndReceivedAndComputesTheRoundTrip() {
        OutboundStream out = new OutboundStream(0xAAAAL);
        ReceiveStats in = new ReceiveStats();
        for (int i = 0; i < 100; i++) {
            ByteBuf p = Unpooled.buffer();
            RtpHeader.write(p, false, 0, i, 160L * i, 0x1111);
            p.writeZero(160);
            out.rewrite(p, this, i * 20_000_000L, 160);
            p.release();
            if (i % 10 != 3) {
                in.onPacket(0xBBBBL, i, 160L * i, 160L * i, 172);
            }
        }
        RtcpSession session = new RtcpSession("cname", 0);
        assertTrue(session.due(10 * S));
        ByteBuf report = Unpooled.buffer();
        long unix = 1_700_000_000L * S;
        session.writeReport(report, 10 * S, unix, out, in);
        List<Object> seen = new ArrayList<>();
        Rtcp.read(report, new Rtcp.Visitor() {
            @Override
            public void senderReport(long ssrc, long ntp) {
                seen.add(ssrc);
                seen.add(ntp == Rtcp.ntp(unix));
            }

            @Override
            public void reportBlock(long reporter, Rtcp.ReportBlock block) {
                seen.add(block);
            }
        });
        report.release();
        assertEquals(0xAAAAL, seen.get(0));
        assertEquals(true, seen.get(1));
        Rtcp.ReportBlock block = (Rtcp.ReportBlock) seen.get(2);
        assertEquals(0xBBBBL, block.ssrc());
        assertEquals(10, block.cumulativeLost());
        assertEquals(99, block.extendedHighestSeq());
        assertEquals(10 * 256 / 99, block.fractionLost(), "10 of 99 expected since the stream was validated");
        assertTrue(!session.due(10 * S + 1), "the next report waits an interval");

        // the peer's RR about our stream: LSR = our SR time, DLSR = 0.5 s, arriving 0.6 s after our SR
        long ourSr = Rtcp.middle(Rtcp.ntp(unix));
        ByteBuf rr = Unpooled.buffer();
        Rtcp.writeReceiverReport(rr, 0xBBBBL, new Rtcp.ReportBlock(0xAAAAL, 64, 7, 1234, 80, ourSr, 32768));
        session.receive(rr, 0xAAAAL, 11 * S, unix + 600_000_000L);
        rr.release();
        assertEquals(64, session.remoteFractionLost());
        assertEquals(7, session.remoteCumulativeLost());
        assertEquals(80, session.remoteJitter());
        assertEquals(100.0, session.roundTripNanos() / 1e6, 0.1, "RTT = A - LSR - DLSR");
    }
}

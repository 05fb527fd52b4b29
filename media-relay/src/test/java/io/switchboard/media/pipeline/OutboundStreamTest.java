package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.codec.RtpHeader;
import org.junit.jupiter.api.Test;

/** Sequence and timestamp rewriting across source switches (prompt -> bridged party -> hold music). */
class OutboundStreamTest {
    private static final long MS = 1_000_000L;

    private final OutboundStream stream = new OutboundStream(0x1234_5678L);

    private long[] send(Object source, int seq, long ts, long ssrc, long nowNanos) {
        ByteBuf p = Unpooled.buffer();
        try {
            RtpHeader.write(p, false, 0, seq, ts, ssrc);
            p.writeZero(160);
            stream.rewrite(p, source, nowNanos, 160);
            return new long[] {RtpHeader.sequence(p), RtpHeader.timestamp(p), RtpHeader.ssrc(p),
                RtpHeader.marker(p) ? 1 : 0};
        } finally {
            p.release();
        }
    }

    @Test
    void staysContinuousAcrossSourceSwitches() {
        Object prompt = new Object();
        Object caller = new Object();
        long t = 0;
        long[] first = send(prompt, 100, 5000, 1, t);
        assertEquals(0x1234_5678L, first[2]);
        assertEquals(1, first[3], "first packet carries the marker");
        long[] prev = first;
        for (int i = 1; i < 50; i++) {
            t += 20 * MS;
            long[] p = send(prompt, 100 + i, 5000 + 160L * i, 1, t);
            assertEquals((prev[0] + 1) & 0xFFFF, p[0]);
            assertEquals((prev[1] + 160) & 0xFFFFFFFFL, p[1]);
            assertEquals(0, p[3]);
            prev = p;
        }
        // the bridged party's stream starts at an unrelated sequence, timestamp and SSRC, 20 ms later
        t += 20 * MS;
        long[] switched = send(caller, 60000, 0xFFFFFF00L, 99, t);
        assertEquals((prev[0] + 1) & 0xFFFF, switched[0], "sequence continues");
        assertEquals((prev[1] + 160) & 0xFFFFFFFFL, switched[1], "timestamp advances by the elapsed 20 ms");
        assertEquals(0x1234_5678L, switched[2], "our SSRC is kept");
        assertEquals(1, switched[3], "a new talkspurt is marked");
        // the caller's own sequence wraps past 65535 and its timestamp past 2^32: we stay continuous
        prev = switched;
        for (int i = 1; i < 600; i++) {
            t += 20 * MS;
            long[] p = send(caller, (60000 + i) & 0xFFFF, (0xFFFFFF00L + 160L * i) & 0xFFFFFFFFL, 99, t);
            assertEquals((prev[0] + 1) & 0xFFFF, p[0]);
            assertEquals((prev[1] + 160) & 0xFFFFFFFFL, p[1]);
            prev = p;
        }
        assertEquals(1, stream.switches());
    }

    @Test
    void keepsUpstreamGapsAndAdvancesByWallClockAfterSilence() {
        Object a = new Object();
        Object b = new Object();
        long[] p1 = send(a, 10, 1600, 7, 0);
        long[] p2 = send(a, 12, 1920, 7, 40 * MS); // seq 11 lost upstream: the gap is preserved
        assertEquals((p1[0] + 2) & 0xFFFF, p2[0]);
        assertEquals(p1[1] + 320, p2[1]);
        // hold music starts 1 s after the last packet: timestamp advances by 8000 samples
        long[] p3 = send(b, 1, 0, 8, 1040 * MS);
        assertEquals((p2[0] + 1) & 0xFFFF, p3[0]);
        assertEquals(p2[1] + 8000, p3[1]);
        // a switch back within the same 20 ms never goes backwards or overlaps the last packet
        long[] p4 = send(a, 13, 2080, 7, 1041 * MS);
        assertEquals((p3[0] + 1) & 0xFFFF, p4[0]);
        assertEquals(p3[1] + 160, p4[1]);
    }

    @Test
    void packetsWithheldOnPurposeLeaveAPauseNotALoss() {
        Object a = new Object();
        long[] p1 = send(a, 100, 16000, 1, 0);
        stream.interrupt(a); // e.g. packets 101..149 were not sent while the peer held the call
        long[] p2 = send(a, 150, 24000, 1, 1000 * MS);
        assertEquals((p1[0] + 1) & 0xFFFF, p2[0], "no sequence gap");
        assertEquals(p1[1] + 8000, p2[1], "the timestamp shows the 1 s pause");
        assertEquals(1, p2[3]);
    }

    @Test
    void theWithheldPacketsOfAMutedSourceLeaveTheStreamThatMutesItAlone() {
        Object live = new Object();
        Object prompt = new Object();
        long[] p1 = send(live, 40, 6400, 3, 0);
        stream.interrupt(prompt); // the prompt runs on underneath, muted
        long[] p2 = send(live, 41, 6560, 3, 23 * MS);
        assertEquals((p1[0] + 1) & 0xFFFF, p2[0]);
        assertEquals(p1[1] + 160, p2[1], "the live audio keeps its own timestamps, not the wall clock's");
        assertEquals(0, p2[3], "no marker: the talk spurt goes on");
    }

    @Test
    void aNewSsrcFromTheSameSourceIsASwitchAndLatePacketsDoNotMoveTheContinuationPoint() {
        Object a = new Object();
        long[] p1 = send(a, 500, 8000, 1, 0);
        long[] p2 = send(a, 501, 8160, 1, 20 * MS);
        long[] late = send(a, 499, 7840, 1, 21 * MS);
        assertEquals((p1[0] - 1) & 0xFFFF, late[0], "a reordered packet keeps its place");
        long[] restarted = send(a, 3, 123, 2, 40 * MS);
        assertEquals((p2[0] + 1) & 0xFFFF, restarted[0]);
        assertEquals(p2[1] + 160, restarted[1]);
        assertTrue(restarted[3] == 1);
        assertFalse(stream.switches() == 0);
    }
}

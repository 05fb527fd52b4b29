package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3550 appendix A.1/A.3/A.8 arithmetic. */
class ReceiveStatsTest {

    @Test
    void countsLossAcrossSequenceWrap() {
        ReceiveStats s = new ReceiveStats();
        int seq = 65500;
        long ts = 0;
        for (int i = 0; i < 200; i++) {
            if (i % 10 != 5) { // lose one packet in ten
                s.onPacket(1, (seq + i) & 0xFFFF, ts + 160L * i, 1000 + 160L * i, 172);
            }
        }
        // RFC 3550 A.1: the first packet only starts probation; counting starts with the second
        assertEquals(179, s.received());
        assertEquals(199, s.expected());
        assertEquals(20, s.lost());
    }

    @Test
    void jitterIsZeroForPerfectPacingAndGrowsWithVariation() {
        ReceiveStats perfect = new ReceiveStats();
        ReceiveStats jittery = new ReceiveStats();
        for (int i = 0; i < 500; i++) {
            perfect.onPacket(1, i, 160L * i, 5000 + 160L * i, 172);
            long wobble = (i % 2 == 0) ? 40 : -40; // +-5 ms in 8 kHz units
            jittery.onPacket(1, i, 160L * i, 5000 + 160L * i + wobble, 172);
        }
        assertEquals(0, perfect.jitter());
        // alternating +-40 gives |D| = 80 each packet; the estimator converges to 80
        assertTrue(jittery.jitter() >= 75 && jittery.jitter() <= 80, "jitter " + jittery.jitter());
    }

    @Test
    void aNewSsrcRestartsTheSequenceSpace() {
        ReceiveStats s = new ReceiveStats();
        for (int i = 0; i < 10; i++) {
            s.onPacket(1, 100 + i, 0, 0, 172);
        }
        for (int i = 0; i < 10; i++) {
            s.onPacket(2, 9000 + i, 0, 0, 172);
        }
        assertEquals(0, s.lost());
    }
}

package io.switchboard.media.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Alignment of two channels by arrival time: gaps become silence, bursts stay contiguous, no drift. */
class StereoTimelineTest {
    private static final long MS = 1_000_000L;

    private static short[] frame(int value) {
        return frame(value, 160);
    }

    private static short[] frame(int value, int count) {
        short[] s = new short[count];
        java.util.Arrays.fill(s, (short) value);
        return s;
    }

    /** Left or right sample of frame {@code index} in a drained block. */
    private static short sample(byte[] pcm, int index, int channel) {
        return ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).getShort(4 * index + 2 * channel);
    }

    @Test
    void channelsShareOneClockAndGapsAreSilent() {
        StereoTimeline t = new StereoTimeline(0);
        // left talks for 1 s from t=0; right starts 500 ms later, pauses 300 ms, then talks again
        for (int i = 1; i <= 50; i++) {
            t.put(0, i * 20 * MS, 160L * i, 1, frame(1000), 160);
        }
        for (int i = 26; i <= 35; i++) {
            t.put(1, i * 20 * MS, 160L * i, 2, frame(-2000), 160);
        }
        for (int i = 51; i <= 60; i++) {
            t.put(1, i * 20 * MS, 160L * i, 2, frame(-3000), 160);
        }
        byte[] pcm = t.drain(2000 * MS, true);
        assertEquals(1200 * 8, pcm.length / 4, "1.2 s of frames");
        assertEquals(1000, sample(pcm, 0, 0));
        assertEquals(0, sample(pcm, 0, 1), "right is silent before it starts");
        assertEquals(-2000, sample(pcm, 500 * 8, 1), "right starts at 500 ms");
        assertEquals(0, sample(pcm, 800 * 8, 1), "the 300 ms pause is silence");
        assertEquals(-3000, sample(pcm, 1000 * 8, 1), "right resumes at 1000 ms");
        assertEquals(0, sample(pcm, 1100 * 8, 0), "left ended at 1000 ms");
    }

    @Test
    void aBurstAfterJitterStaysContiguous() {
        StereoTimeline t = new StereoTimeline(0);
        for (int i = 1; i <= 10; i++) {
            t.put(0, i * 20 * MS, 160L * i, 1, frame(i), 160);
        }
        // packets 11..15 are held up in the network and arrive together 100 ms late
        for (int i = 11; i <= 15; i++) {
            t.put(0, 300 * MS, 160L * i, 1, frame(i), 160);
        }
        for (int i = 16; i <= 20; i++) {
            t.put(0, i * 20 * MS, 160L * i, 1, frame(i), 160);
        }
        byte[] pcm = t.drain(1000 * MS, true);
        for (int i = 1; i <= 20; i++) {
            assertEquals(i, sample(pcm, (i - 1) * 160 + 80, 0), "frame " + i + " in its place");
        }
        assertEquals(0, t.lateSamplesCut());
    }

    @Test
    void aLostPacketLeavesSilenceInItsPlaceAndReorderedPacketsLandInTheirs() {
        StereoTimeline t = new StereoTimeline(0);
        t.put(0, 20 * MS, 160, 1, frame(1), 160);
        t.put(0, 60 * MS, 480, 1, frame(3), 160); // packet 2 lost
        t.put(0, 100 * MS, 800, 1, frame(5), 160); // packet 4 late...
        t.put(0, 101 * MS, 640, 1, frame(4), 160); // ...arrives after 5
        t.put(0, 120 * MS, 960, 1, frame(6), 160);
        byte[] pcm = t.drain(1000 * MS, true);
        assertEquals(1, sample(pcm, 80, 0));
        assertEquals(0, sample(pcm, 160 + 80, 0), "the lost packet is silence");
        assertEquals(3, sample(pcm, 320 + 80, 0));
        assertEquals(4, sample(pcm, 480 + 80, 0));
        assertEquals(5, sample(pcm, 640 + 80, 0));
        assertEquals(6, sample(pcm, 800 + 80, 0));
    }

    @Test
    void framesAreReleasedBehindTheClockAndLateOnesAreCut() {
        StereoTimeline t = new StereoTimeline(0);
        for (int i = 1; i <= 25; i++) {
            t.put(0, i * 20 * MS, 160L * i, 1, frame(7), 160);
        }
        assertEquals((500 - 200) * 8, t.ready(500 * MS), "released 200 ms behind the clock");
        byte[] first = t.drain(500 * MS, false);
        assertEquals(300 * 8, first.length / 4);
        t.put(1, 100 * MS, 800, 3, frame(9), 160); // arrives far too late: its place was already written
        assertEquals(160, t.lateSamplesCut());
        t.drain(700 * MS, false);
        assertEquals(500 * 8, t.flushedFrames());
    }

    @Test
    void aSenderFasterThanRealTimeIsPulledBackSoChannelsCannotDrift() {
        StereoTimeline t = new StereoTimeline(0);
        // right sends 21 ms of audio every 20 ms: without correction it would run ahead forever
        for (int i = 1; i <= 500; i++) {
            t.put(1, i * 20 * MS, 168L * i, 1, frame(5, 168), 168);
        }
        byte[] pcm = t.drain(10_000 * MS + 1, true);
        // the channel never ends more than 200 ms (+ one packet) after the wall clock
        assertEquals(true, pcm.length / 4 <= (10_000 + 200) * 8 + 168, "frames " + pcm.length / 4);
    }
}

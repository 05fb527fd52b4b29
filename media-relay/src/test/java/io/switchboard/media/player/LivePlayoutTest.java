package io.switchboard.media.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.player.LivePlayout.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a caller hears from a live source, tick by tick (each {@link LivePlayout#next} is one 20 ms tick of
 * the endpoint's loop, so time here is the tick count): frames that arrive on the sender's clock, late or
 * in bursts, play whole and in order, and the source keeps its place between them, so no other source's
 * frame gets in.
 */
class LivePlayoutTest {
    private static final int PRIME = 5;
    private static final int HOLD = 50;
    private static final int FRAME = LivePlayout.FRAME;

    private final LivePlayout playout = new LivePlayout(PRIME, HOLD, 8000L * 60);
    /** Every tick's step, and the first byte of each audio frame (the frame's number). */
    private final List<Step> steps = new ArrayList<>();
    private final List<Integer> heard = new ArrayList<>();

    @Test
    void aSenderPacedInRealTimeWhoseFramesLandJustAfterEachTickKeepsItsPlaceAndPlaysWithoutAGap() {
        // the case that let a prompt into every gap: the queue is empty after each tick until the next frame
        for (int n = 0; n < 100; n++) {
            if (n > 0) {
                tick();
                assertTrue(playout.holdsPlace(), "the place is held after tick " + n);
            }
            playout.add(frame(n));
        }
        ticks(PRIME);
        assertEquals(primedSpurt(), steps.subList(0, PRIME), "a spurt plays once " + PRIME + " frames are queued");
        assertEquals(numbers(0, 100), heard, "every frame, in order");
        assertEquals(PRIME - 1, steps.stream().filter(s -> s == Step.SILENCE).count(), "no silence once primed");
    }

    @Test
    void framesThatComeLateByLessThanThePrimeAndThenInABurstPlayWithoutSilence() {
        int n = 0;
        for (int t = 0; t < 80; t++) {
            boolean stalled = t >= 30 && t < 34; // the frames due at ticks 30..33 all arrive at tick 34
            while (!stalled && n <= t) {
                playout.add(frame(n++));
            }
            tick();
        }
        int firstAudio = steps.indexOf(Step.AUDIO);
        assertFalse(steps.subList(firstAudio, steps.size()).contains(Step.SILENCE),
                "a stall no longer than the prime is not heard: " + steps);
        assertEquals(numbers(0, heard.size()), heard);
    }

    @Test
    void anUnderrunLongerThanThePrimeIsFilledWithSilenceAndPrimedAgainWithoutGivingThePlaceBack() {
        for (int n = 0; n < 10; n++) {
            playout.add(frame(n));
        }
        ticks(10 + 20); // the ten frames play, then twenty ticks of nothing from the sender
        for (int n = 10; n < 20; n++) {
            playout.add(frame(n));
            tick();
            assertTrue(playout.holdsPlace());
        }
        ticks(PRIME);
        assertEquals(numbers(0, 20), heard);
        int resumed = 10 + 20;
        assertEquals(primedSpurt(), steps.subList(resumed, resumed + PRIME),
                "the sender's return is primed like a new spurt");
    }

    @Test
    void thePlaceIsHeldOverAPauseAndGivenBackWhenTheHoldRunsOut() {
        for (int n = 0; n < PRIME; n++) {
            playout.add(frame(n));
        }
        ticks(PRIME); // gathered at once: it plays from the first tick
        assertEquals(numbers(0, PRIME), heard);
        for (int t = 1; t <= HOLD; t++) {
            tick();
            assertEquals(Step.SILENCE, last(), "tick " + t + " of the pause");
            assertTrue(playout.holdsPlace());
        }
        tick();
        assertEquals(Step.NOTHING, last());
        assertFalse(playout.holdsPlace(), "the place goes back after " + HOLD + " silent frames");
        assertEquals(Step.NOTHING, tick());
    }

    @Test
    void aSpurtShorterThanThePrimeWaitsNoLongerThanThePrimeAndItsTailIsPaddedWithSilence() {
        byte[] tail = new byte[FRAME / 2];
        Arrays.fill(tail, (byte) 1);
        playout.add(frame(0));
        playout.add(tail);
        byte[] out = new byte[FRAME];
        for (int t = 0; t < PRIME; t++) {
            assertEquals(Step.SILENCE, playout.next(out));
        }
        assertEquals(Step.AUDIO, playout.next(out));
        assertEquals(0, out[0]);
        assertEquals(Step.SILENCE, playout.next(out), "half a frame is gathered like an underrun");
        for (int t = 1; t < PRIME; t++) {
            assertEquals(Step.SILENCE, playout.next(out));
        }
        assertEquals(Step.AUDIO, playout.next(out));
        assertEquals(1, out[0]);
        assertEquals(1, out[FRAME / 2 - 1]);
        assertEquals(LivePlayout.MU_SILENCE, out[FRAME / 2]);
        assertEquals(LivePlayout.MU_SILENCE, out[FRAME - 1]);
        assertEquals(playout.enqueuedTotal(), playout.playedTotal(), "all of it played");
    }

    @Test
    void aPauseShorterThanTheHoldDoesNotCountAsPrimingTheAudioAfterIt() {
        playout.add(frame(0));
        ticks(PRIME + 1 + 20); // one frame after priming, then a pause of twenty ticks
        playout.add(frame(1));
        tick();
        assertEquals(Step.SILENCE, last(), "audio after a pause is primed too, not played alone and cut off");
    }

    @Test
    void clearGivesThePlaceBackAtOnceAndCountsTheDroppedAudioAsPlayed() {
        for (int n = 0; n < 20; n++) {
            playout.add(frame(n));
        }
        ticks(3);
        playout.clear();
        assertFalse(playout.holdsPlace());
        assertEquals(playout.enqueuedTotal(), playout.playedTotal());
        assertEquals(Step.NOTHING, tick());
        playout.add(frame(99));
        assertTrue(playout.holdsPlace(), "a new spurt after a clear");
    }

    @Test
    void audioBeyondTheLimitIsDroppedAndNothingEmptyIsQueued() {
        LivePlayout small = new LivePlayout(PRIME, HOLD, 2L * FRAME);
        assertTrue(small.add(frame(0)));
        assertTrue(small.add(frame(1)));
        assertFalse(small.add(frame(2)));
        assertFalse(small.add(new byte[0]));
        assertEquals(2L * FRAME, small.enqueuedTotal());
    }

    private Step tick() {
        byte[] out = new byte[FRAME];
        Step step = playout.next(out);
        steps.add(step);
        if (step == Step.AUDIO) {
            heard.add((int) out[0]);
        }
        return step;
    }

    private void ticks(int count) {
        for (int i = 0; i < count; i++) {
            tick();
        }
    }

    /** What a spurt whose frames come one per tick sounds like at first: silence until it has gathered. */
    private static List<Step> primedSpurt() {
        List<Step> expected = new ArrayList<>();
        for (int i = 1; i < PRIME; i++) {
            expected.add(Step.SILENCE);
        }
        expected.add(Step.AUDIO);
        return expected;
    }

    private Step last() {
        return steps.get(steps.size() - 1);
    }

    /** A frame whose every byte is its number (below 0x7F, so never mu-law silence). */
    private static byte[] frame(int number) {
        byte[] f = new byte[FRAME];
        Arrays.fill(f, (byte) number);
        return f;
    }

    private static List<Integer> numbers(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }
}

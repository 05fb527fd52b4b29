package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.PlaybackOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The id/event/stop races between the engine thread, the media loop and the relay event thread. */
class RelayPlaybackTest {

    private final AtomicInteger stops = new AtomicInteger();
    private final RelayPlayback playback = new RelayPlayback(stops::incrementAndGet);

    private CompletableFuture<Void> finished() {
        return playback.finished().toCompletableFuture();
    }

    @Test
    void completedEventFinishesNormally() {
        playback.started(7);
        playback.done(7, PlaybackOutcome.COMPLETED);
        assertTrue(finished().isDone());
        assertFalse(finished().isCompletedExceptionally());
    }

    @Test
    void eventThatOvertakesTheIdIsKeptUntilTheIdArrives() {
        playback.done(7, PlaybackOutcome.COMPLETED);
        assertFalse(finished().isDone());
        playback.started(7);
        assertTrue(finished().isDone());
        assertFalse(finished().isCompletedExceptionally());
    }

    @Test
    void eventsOfAnotherPlaybackAreIgnored() {
        playback.done(6, PlaybackOutcome.STOPPED); // the previous prompt, replaced by this one
        playback.started(7);
        assertFalse(finished().isDone());
        playback.done(5, PlaybackOutcome.COMPLETED);
        assertFalse(finished().isDone());
    }

    @Test
    void failedPromptFailsThePlayback() {
        playback.started(7);
        playback.done(7, PlaybackOutcome.FAILED);
        assertTrue(finished().isCompletedExceptionally());
    }

    @Test
    void stopBeforeTheIdReachesTheRelayOnceTheIdIsKnown() {
        playback.stop();
        assertEquals(0, stops.get(), "nothing to stop yet");
        playback.started(7);
        assertEquals(1, stops.get());
        playback.stop();
        assertEquals(1, stops.get(), "stop is idempotent");
    }

    @Test
    void stopAfterStartTellsTheRelayAtOnce() {
        playback.started(7);
        playback.stop();
        assertEquals(1, stops.get());
        assertTrue(finished().isDone());
    }

    @Test
    void stopAfterCompletionDoesNotStopTheNextPrompt() {
        playback.started(7);
        playback.done(7, PlaybackOutcome.COMPLETED);
        playback.stop();
        assertEquals(0, stops.get(), "the relay may already play the next prompt");
    }
}

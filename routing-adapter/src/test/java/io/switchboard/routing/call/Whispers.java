package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;

/**
 * Plays out the default whispers of a desk-phone agent's answer on the fake relay: the agent whisper (the
 * queue's name, spoken on the agent's endpoint), then the customer whisper (the beep, on the caller's).
 */
final class Whispers {

    private Whispers() {
    }

    /** Waits for the agent whisper on {@code agent}, ends it, waits for the caller's beep and ends it. */
    static void playOut(VirtualLoop loop, FakeRelay relay, MediaEventInlet events, EndpointId agent) {
        FakeRelay.Play whisper = awaitPlay(loop, relay, agent, "the agent whisper plays to the agent");
        events.onPlaybackDone(whisper.endpoint(), whisper.id(), PlaybackOutcome.COMPLETED);
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> p.id() > whisper.id() && beep(p)),
                "the customer whisper plays to the caller");
        FakeRelay.Play beep = relay.plays.stream().filter(p -> p.id() > whisper.id() && beep(p)).findFirst()
                .orElseThrow();
        events.onPlaybackDone(beep.endpoint(), beep.id(), PlaybackOutcome.COMPLETED);
        loop.runPending();
    }

    /** As {@link #playOut(VirtualLoop, FakeRelay, MediaEventInlet, EndpointId)} on the last endpoint created. */
    static void playOut(VirtualLoop loop, FakeRelay relay, MediaEventInlet events) {
        playOut(loop, relay, events, relay.created.get(relay.created.size() - 1));
    }

    private static FakeRelay.Play awaitPlay(VirtualLoop loop, FakeRelay relay, EndpointId endpoint, String what) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> p.endpoint().equals(endpoint)), what);
        return relay.plays.stream().filter(p -> p.endpoint().equals(endpoint)).reduce((a, b) -> b).orElseThrow();
    }

    static boolean beep(FakeRelay.Play p) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith("Beep.wav");
    }

    static boolean spoken(FakeRelay.Play p, String text) {
        return p.request().items().get(0) instanceof PromptItem.Speech s && s.text().equals(text);
    }
}

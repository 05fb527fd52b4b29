package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ringback tone a transferred caller hears while the third party's phone rings: {@code Ringback.wav} looped
 * to the caller's endpoint until stopped. It starts at most once and, once stopped, never again.
 *
 * <p>Its play and its stop both go through the call's play chain ({@link Call#chainPlay}), so the stop
 * reaches the relay after the tone started and before anything the flow plays next: the tone can neither
 * outlive its stop nor cut the next prompt. While it is the call's current playback, a late stop of an older
 * prompt is ignored rather than silencing the tone. Owned by the contact center's loop, as its call is.
 */
final class Ringback {

    private static final Logger LOG = LoggerFactory.getLogger(Ringback.class);

    /** The tone's lifecycle. */
    private enum State {
        IDLE,
        /** Asked for; the play request waits its turn in the call's chain. */
        STARTING,
        /** The play request went to the relay. */
        PLAYING,
        /** Stopped (or never to start): final. */
        STOPPED
    }

    private final Call call;
    private final LoopRelay relay;
    /** The tone's file, or null when the instance has none (then the caller hears silence, as before). */
    private final Path tone;
    private State state = State.IDLE;
    /** Whether the play request reached the relay before the stop: only then is there a tone to stop. */
    private boolean sent;

    Ringback(Call call, LoopRelay relay, Path tone) {
        this.call = call;
        this.relay = relay;
        this.tone = tone;
    }

    /** Starts the tone, unless it already started, was stopped, or the caller is gone. */
    void start() {
        EndpointId endpoint = call.endpoint();
        if (state != State.IDLE || tone == null || endpoint == null) {
            return;
        }
        state = State.STARTING;
        // Never stopped through this object: the stop below goes through the chain instead.
        call.replacePlayback(new RelayPlayback(() -> { }));
        call.chainPlay(() -> {
            if (state == State.STOPPED) {
                return CompletableFuture.completedFuture(0L);
            }
            state = State.PLAYING;
            sent = true;
            return relay.play(endpoint, PlaybackRequest.files(List.of(tone), true, false));
        }).whenComplete((id, error) -> {
            if (error != null && !call.ended()) {
                LOG.warn("contact {}: no ringback tone: {}", call.contact(), LoopRelay.rootMessage(error));
            }
        });
    }

    /** Stops the tone (if it started); idempotent. */
    void stop() {
        EndpointId endpoint = call.endpoint();
        State before = state;
        if (before == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        if (before == State.IDLE || endpoint == null) {
            return;
        }
        call.chainPlay(() -> {
            if (!sent) {
                return CompletableFuture.completedFuture(0L);
            }
            return relay.stopPlayback(endpoint).thenApply(v -> 0L);
        }).whenComplete((id, error) -> {
            if (error != null) {
                // The caller's endpoint went with the call: nothing left to stop.
                LOG.debug("contact {}: ringback already gone: {}", call.contact(), LoopRelay.rootMessage(error));
            }
        });
    }
}

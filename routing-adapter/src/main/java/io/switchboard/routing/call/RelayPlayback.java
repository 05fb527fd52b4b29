package io.switchboard.routing.call;

import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.routing.port.Playback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A playlist being played by the relay to one caller. Its relay playback id is known only once the
 * relay accepted the request, and the relay's done event may (in theory) overtake that answer, so an
 * outcome that arrives first is kept until the id is known. Owned by the contact center's loop: the engine
 * stops it there, and the relay's answer and done events are brought there.
 */
final class RelayPlayback implements Playback {

    /** Where a playback stands; the relay's id and a done event can come in either order. */
    private enum State {
        /** Sent (or about to be sent) to the relay; its id is not known yet. */
        REQUESTED,
        /** The relay accepted it as {@link #relayId} and plays it. */
        PLAYING,
        /** Finished, failed or stopped: nothing more happens. */
        OVER
    }

    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Runnable stopAction;
    private State state = State.REQUESTED;
    /** The engine asked to stop it; a stop still owed to the relay goes out when the id arrives. */
    private boolean stopAsked;
    /** The relay's id, 0 until known. */
    private long relayId;
    /** A done event that arrived before the id. */
    private long earlyId;
    private PlaybackOutcome earlyOutcome;

    /** {@code stopAction} asks the relay to stop this playback; called at most once, after the id is known. */
    RelayPlayback(Runnable stopAction) {
        this.stopAction = stopAction;
    }

    @Override
    public CompletionStage<Void> finished() {
        return finished;
    }

    @Override
    public void stop() {
        if (stopAsked) {
            return;
        }
        stopAsked = true;
        if (state == State.PLAYING && !finished.isDone()) {
            stopAction.run();
        }
        // The engine stopped caring; completing releases anything chained on the playback.
        finished.complete(null);
    }

    boolean stopped() {
        return stopAsked;
    }

    /** The relay accepted the request as {@code id}. */
    void started(long id) {
        if (state != State.REQUESTED) {
            return;
        }
        relayId = id;
        state = State.PLAYING;
        if (earlyOutcome != null && earlyId == id) {
            done(id, earlyOutcome);
        } else if (stopAsked) {
            // Stopped while the relay was still loading the prompts: the relay started it anyway.
            stopAction.run();
        }
    }

    /** The relay reported the end of playback {@code id}. */
    void done(long id, PlaybackOutcome outcome) {
        if (state == State.REQUESTED) {
            earlyId = id;
            earlyOutcome = outcome;
            return;
        }
        if (state == State.OVER || relayId != id) {
            return;
        }
        state = State.OVER;
        if (outcome == PlaybackOutcome.FAILED) {
            finished.completeExceptionally(new IllegalStateException("the relay could not play the prompt"));
        } else if (outcome == PlaybackOutcome.COMPLETED) {
            finished.complete(null);
        } else {
            // Stopped without the engine asking: replaced, or the endpoint went away with the call.
            finished.completeExceptionally(new IllegalStateException("playback stopped (" + outcome + ")"));
        }
    }

    void fail(Throwable cause) {
        state = State.OVER;
        finished.completeExceptionally(cause);
    }

    long relayId() {
        return relayId;
    }
}

package io.switchboard.routing.voice;

import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.routing.port.Playback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A playlist being played by the relay to one caller. Its relay playback id is known only once the
 * relay accepted the request, and the relay's done event may (in theory) overtake that answer, so an
 * outcome that arrives first is kept until the id is known. Every method may be called from any thread;
 * state is guarded by {@code this}.
 */
final class RelayPlayback implements Playback {

    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Runnable stopAction;
    /** Guarded by this. */
    private boolean stopped;
    /** Guarded by this: the relay's id, 0 until known. */
    private long relayId;
    /** Guarded by this: a done event that arrived before the id. */
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
        boolean tellRelay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            tellRelay = relayId != 0 && !finished.isDone();
        }
        if (tellRelay) {
            stopAction.run();
        }
        // The engine stopped caring; completing releases anything chained on the playback.
        finished.complete(null);
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** The relay accepted the request as {@code id}. */
    void started(long id) {
        PlaybackOutcome early;
        boolean stopNow;
        synchronized (this) {
            relayId = id;
            early = earlyId == id ? earlyOutcome : null;
            stopNow = stopped && early == null;
        }
        if (early != null) {
            done(id, early);
        } else if (stopNow) {
            // Stopped while the relay was still loading the prompts: the relay started it anyway.
            stopAction.run();
        }
    }

    /** The relay reported the end of playback {@code id}. */
    void done(long id, PlaybackOutcome outcome) {
        synchronized (this) {
            if (relayId == 0) {
                earlyId = id;
                earlyOutcome = outcome;
                return;
            }
            if (relayId != id) {
                return;
            }
        }
        if (outcome == PlaybackOutcome.FAILED) {
            fail(new IllegalStateException("the relay could not play the prompt"));
        } else if (outcome == PlaybackOutcome.COMPLETED) {
            finished.complete(null);
        } else {
            // Stopped without the engine asking: replaced, or the endpoint went away with the call.
            finished.completeExceptionally(new IllegalStateException("playback stopped (" + outcome + ")"));
        }
    }

    void fail(Throwable cause) {
        finished.completeExceptionally(cause);
    }

    synchronized long relayId() {
        return relayId;
    }
}

package io.switchboard.routing.port;

import java.util.concurrent.CompletionStage;

/** A playlist being played to a contact's caller. */
public interface Playback {

    /**
     * Completes normally when the last prompt has been played (never, for a looping playlist, unless
     * stopped), exceptionally when a prompt cannot be played (missing file, synthesis failure). May
     * complete on any thread.
     */
    CompletionStage<Void> finished();

    /** Stops playing now; idempotent. After a stop the engine no longer cares how {@link #finished()} completes. */
    void stop();
}

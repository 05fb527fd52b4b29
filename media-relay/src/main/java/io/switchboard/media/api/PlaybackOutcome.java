package io.switchboard.media.api;

/** Why a playback ended. */
public enum PlaybackOutcome {
    /** Every prompt was played (never for a loop). */
    COMPLETED,
    /** A DTMF digit arrived and the request asked to stop on DTMF (barge-in). */
    STOPPED_BY_DTMF,
    /** Stopped through the API, replaced by a new playback, or the endpoint was destroyed. */
    STOPPED,
    /** A prompt could not be loaded; the listener's message names it. */
    FAILED
}

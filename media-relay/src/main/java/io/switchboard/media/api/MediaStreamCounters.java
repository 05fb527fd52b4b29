package io.switchboard.media.api;

/**
 * The relay's live media streams so far: streams started and failed to start, those open now, and the
 * 20 ms frames sent to the servers, dropped because a server's socket fell behind, and played back from
 * servers (bidirectional streams). Each value is read on its own; the set is not one snapshot.
 */
public record MediaStreamCounters(long started, long failed, long active, long framesSent, long framesDropped,
        long framesPlayed, long reconnects) {

    public static final MediaStreamCounters NONE = new MediaStreamCounters(0, 0, 0, 0, 0, 0, 0);
}

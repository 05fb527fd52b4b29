package io.switchboard.media.api;

/**
 * Plays audio that arrives while it plays (a media stream server's replies) to an endpoint's peer, in
 * 20 ms frames paced by the endpoint's loop. Each talk spurt is buffered briefly before it plays, so a sender
 * that comes late or in bursts is heard without gaps; while it plays, and over pauses of up to a second, it
 * replaces whatever else the peer would hear (prompts, hold music, the bridged party): the peer hears it or
 * silence, never a mix. Safe to call from any thread; the work hops onto the endpoint's loop. A mark is
 * reported to the listener once the audio queued before it has been sent; {@link #clear()} drops the queued
 * audio, reports the marks waiting behind it and gives the peer back to the rest at once.
 */
public interface LivePlayback {

    /** Queues mu-law audio (any length); silence fills a short gap until more arrives. */
    void enqueue(byte[] mulaw);

    /** Reports {@code name} to the listener when the audio queued so far has played. */
    void mark(String name);

    /** Drops the audio not yet played; its pending marks are reported at once. */
    void clear();

    /** Stops playing; nothing more is reported. */
    void close();

    /** What a live playback reports. */
    @FunctionalInterface
    interface Listener {
        void onMark(String name);
    }
}

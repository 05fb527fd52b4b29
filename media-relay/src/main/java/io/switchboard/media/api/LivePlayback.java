package io.switchboard.media.api;

/**
 * Plays audio that arrives while it plays (a media stream server's replies) to an endpoint's peer, in
 * 20 ms frames paced by the endpoint's loop, at the priority of prompts. Safe to call from any thread; the
 * work hops onto the endpoint's loop. A mark is reported to the listener once the audio queued before it
 * has been sent; {@link #clear()} drops the queued audio and reports the marks waiting behind it.
 */
public interface LivePlayback {

    /** Queues mu-law audio (any length); silence fills a gap until more arrives. */
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

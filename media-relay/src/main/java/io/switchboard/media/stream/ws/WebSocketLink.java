package io.switchboard.media.stream.ws;

/**
 * An open WebSocket connection as the stream sessions see it, with no Netty type in sight. Safe to call
 * from any thread.
 */
public interface WebSocketLink {

    /**
     * Queues a text frame; false when it was not queued because {@code queueLimit} frames are still waiting
     * for the socket or the link is closed (the caller counts the drop). Never blocks.
     */
    boolean send(String text, int queueLimit);

    /** Sends a normal close (1000) after the frames already queued, then closes. */
    void close();

    /** What a link reports, on its I/O thread. */
    interface Listener {
        void onText(String text);

        /** The connection ended, by either side; {@code reason} says how. Reported once. */
        void onClosed(String reason);
    }
}

package io.switchboard.control.ws;

import java.time.Duration;

/**
 * Limits and timers of the WebSocket endpoints.
 *
 * @param maxMessageBytes largest frame and largest whole message a client may send (1009 beyond)
 * @param pingInterval    after this long without hearing from the client, ping it; after twice this
 *                        long, close with 1001
 */
public record WebSocketSettings(int maxMessageBytes, Duration pingInterval) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);

    public WebSocketSettings {
        if (maxMessageBytes < 125) {
            throw new IllegalArgumentException("a WebSocket message limit below 125 bytes cannot carry a close frame");
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("the WebSocket ping interval must be positive");
        }
    }

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PING_INTERVAL);
    }
}

package io.switchboard.media.stream.ws;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens client WebSocket connections ({@code ws://} and {@code wss://}). */
public interface WebSocketConnector extends AutoCloseable {

    /**
     * Connects and completes the opening handshake (RFC 6455 section 4.1) within {@code timeoutMillis};
     * fails with the reason (unreachable, handshake refused, timed out).
     */
    CompletableFuture<WebSocketLink> connect(URI url, WebSocketLink.Listener listener, int timeoutMillis);

    @Override
    void close();
}

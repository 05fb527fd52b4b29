package io.switchboard.control.ws;

/**
 * What a WebSocket path does. The callbacks of one socket run on its event loop, one at a time, so they
 * must not block; an exception thrown from one closes that socket with 1011.
 */
public interface WebSocketEndpoint {
    /** The handshake is done; keep {@code session} to push messages later. */
    void onOpen(WebSocketSession session);

    /** A whole text message arrived (fragments already joined). */
    void onText(WebSocketSession session, String text);

    /**
     * The socket is closed, with the code the closing side sent ({@link WebSocketSession#ABNORMAL_CLOSURE}
     * when the connection dropped without one). Called once per opened socket.
     */
    default void onClose(WebSocketSession session, int code, String reason) {
    }

    /**
     * The subprotocols this endpoint speaks (RFC 6455 section 1.9), in preference order; the handshake answers
     * the first one the client offers. None by default.
     */
    default java.util.List<String> subprotocols() {
        return java.util.List.of();
    }
}

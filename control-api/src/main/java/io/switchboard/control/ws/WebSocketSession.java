package io.switchboard.control.ws;

import io.switchboard.control.auth.Caller;
import java.util.Map;

/**
 * One open WebSocket, as an endpoint sees it. {@link #sendText} and {@link #close} may be called from any
 * thread: they hop onto the connection's event loop, and messages from one thread leave in order.
 */
public interface WebSocketSession {
    /** RFC 6455 section 7.4.1 status codes the server uses. */
    int NORMAL_CLOSURE = 1000;
    int GOING_AWAY = 1001;
    int UNSUPPORTED_DATA = 1003;
    int NO_STATUS = 1005;
    int ABNORMAL_CLOSURE = 1006;
    int POLICY_VIOLATION = 1008;
    int MESSAGE_TOO_BIG = 1009;
    int INTERNAL_ERROR = 1011;
    /** IANA-registered: the server cannot keep up (our reason: the client reads too slowly). */
    int TRY_AGAIN_LATER = 1013;

    /** An identifier of this socket for logs. */
    String id();

    /** The decoded path the client connected to. */
    String path();

    /** The values the endpoint's path template bound. */
    Map<String, String> pathParams();

    /** Who opened the socket; the socket closes when that session ends. */
    Caller caller();

    /** True until the closing handshake starts. */
    boolean isOpen();

    /**
     * Sends a text message. Dropped when the socket is closing; a client that does not read (its buffer
     * past the high-water mark) is closed with {@link #TRY_AGAIN_LATER} instead of buffering without bound.
     */
    void sendText(String text);

    /** Starts the closing handshake with {@code code} and a short reason (at most 123 bytes of UTF-8). */
    void close(int code, String reason);
}

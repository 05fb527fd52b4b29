package io.switchboard.control.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.switchboard.control.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link WebSocketSession} over one Netty channel. Its closing state is owned by the channel's event loop;
 * calls from other threads hop onto it.
 */
final class ChannelWebSocketSession implements WebSocketSession {
    /** A close frame's reason fits in 123 bytes (RFC 6455 section 5.5: 125 bytes with the code). */
    private static final int MAX_REASON_BYTES = 123;

    private final Channel channel;
    private final String id;
    private final String path;
    private final Map<String, String> pathParams;
    private final Caller caller;
    /** Written on the event loop only; read anywhere through {@link #isOpen}. */
    private volatile boolean closing;
    // Owned by the event loop: what onClose reports.
    private int closeCode = ABNORMAL_CLOSURE;
    private String closeReason = "";

    ChannelWebSocketSession(Channel channel, String path, Map<String, String> pathParams, Caller caller) {
        this.channel = channel;
        this.id = caller.session().id() + "/" + channel.id().asShortText();
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.caller = caller;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public boolean isOpen() {
        return !closing && channel.isActive();
    }

    @Override
    public void sendText(String text) {
        onLoop(() -> {
            if (closing || !channel.isActive()) {
                return;
            }
            if (!channel.isWritable()) {
                closeNow(TRY_AGAIN_LATER, "client reads too slowly");
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(text));
        });
    }

    @Override
    public void close(int code, String reason) {
        if (!WebSocketCloseStatus.isValidStatusCode(code)) {
            throw new IllegalArgumentException("not a close code a server may send: " + code);
        }
        onLoop(() -> closeNow(code, reason));
    }

    /** Sends the close frame and closes the connection once it is written (as Netty's handshaker does). */
    void closeNow(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closeCode = code;
        closeReason = truncate(reason);
        channel.writeAndFlush(new CloseWebSocketFrame(code, closeReason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The client sent a close frame: echo its code (RFC 6455 section 5.5.1) and close; -1 means none was given. */
    void peerClosed(int code, String reason) {
        if (closing) {
            // The answer to our own close frame: the connection is closing already.
            channel.close();
            return;
        }
        closing = true;
        closeCode = code == -1 ? NO_STATUS : code;
        closeReason = reason == null ? "" : reason;
        CloseWebSocketFrame answer = code == -1 || !WebSocketCloseStatus.isValidStatusCode(code)
                ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** The frame decoder refused the client's input and sent its own close frame with {@code code}. */
    void protocolClosed(int code, String reason) {
        if (!closing) {
            closing = true;
            closeCode = code;
            closeReason = reason == null ? "" : reason;
        }
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its loops with it; the socket is going away anyway.
        }
    }

    private static String truncate(String reason) {
        String text = reason == null ? "" : reason;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return text;
        }
        int end = text.length();
        while (text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public String toString() {
        return "WebSocket[" + id + " " + path + "]";
    }
}

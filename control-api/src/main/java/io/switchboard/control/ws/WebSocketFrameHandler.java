package io.switchboard.control.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.control.auth.Caller;
import io.switchboard.control.auth.SessionStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded connection: opens the session when the handshake completes, hands whole
 * text messages to the endpoint, answers close frames, pings a quiet client and closes one that stays quiet
 * (RFC 6455 section 5.5.2), and tells the endpoint once when the socket is gone. Runs on the connection's
 * event loop.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger("websocket");

    private final WebSocketEndpoint endpoint;
    private final String path;
    private final Map<String, String> pathParams;
    private final Caller caller;
    private final SessionStore sessions;
    private final WebSocketSessions registry;
    private final int maxMessageBytes;
    private ChannelWebSocketSession socket;

    WebSocketFrameHandler(WebSocketEndpoint endpoint, String path, Map<String, String> pathParams, Caller caller,
                          SessionStore sessions, WebSocketSessions registry, int maxMessageBytes) {
        this.endpoint = endpoint;
        this.path = path;
        this.pathParams = pathParams;
        this.caller = caller;
        this.sessions = sessions;
        this.registry = registry;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            open(ctx);
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            keepAlive(ctx, idle);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void open(ChannelHandlerContext ctx) {
        socket = new ChannelWebSocketSession(ctx.channel(), path, pathParams, caller);
        registry.opened(socket);
        LOG.debug("websocket {} open for {}", socket, caller.username());
        if (!sessions.isActive(caller.session())) {
            // The session ended between the upgrade check and now; its sockets are being closed.
            socket.closeNow(WebSocketSession.POLICY_VIOLATION, "session ended");
            return;
        }
        call(() -> endpoint.onOpen(socket));
    }

    /** The first idle period sends a ping; a second one in a row, with nothing heard, gives up. */
    private void keepAlive(ChannelHandlerContext ctx, IdleStateEvent idle) {
        if (socket == null) {
            return;
        }
        if (idle.isFirst()) {
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer("keepalive", StandardCharsets.US_ASCII)));
        } else {
            LOG.debug("websocket {} silent after a ping: closing", socket);
            socket.closeNow(WebSocketSession.GOING_AWAY, "no answer to ping");
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (socket == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            sessions.touch(caller.session());
            String message = text.text();
            call(() -> endpoint.onText(socket, message));
        } else if (frame instanceof CloseWebSocketFrame close) {
            socket.peerClosed(close.statusCode(), close.reasonText());
        } else if (frame instanceof BinaryWebSocketFrame) {
            socket.closeNow(WebSocketSession.UNSUPPORTED_DATA, "only text messages are accepted");
        }
        // Pongs are dropped before this handler; pings are answered before it; fragments arrive joined.
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The decoder has sent its close frame (1002, 1007 or 1009) and closes the connection.
            if (socket != null) {
                socket.protocolClosed(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            }
            LOG.debug("websocket {} refused a frame: {}", socket, cause.getMessage());
        } else if (cause instanceof TooLongFrameException && socket != null) {
            socket.closeNow(WebSocketSession.MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
        } else {
            LOG.debug("websocket {} closed: {}", socket, cause.toString());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (socket != null) {
            registry.closed(socket);
            ChannelWebSocketSession closed = socket;
            try {
                endpoint.onClose(closed, closed.closeCode(), closed.closeReason());
            } catch (RuntimeException e) {
                LOG.error("websocket endpoint {} failed on close: {}", path, e.toString(), e);
            }
        }
        super.channelInactive(ctx);
    }

    /** Runs an endpoint callback; a failure closes the socket with 1011 rather than leaving it half-served. */
    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("websocket endpoint {} failed: {}", path, e.toString(), e);
            socket.closeNow(WebSocketSession.INTERNAL_ERROR, "internal error");
        }
    }
}

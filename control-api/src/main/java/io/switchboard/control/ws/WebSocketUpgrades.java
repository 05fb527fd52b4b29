package io.switchboard.control.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.Caller;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpServer;
import io.switchboard.control.http.HttpUpgrade;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades requests to WebSocket endpoints: checks the method, the origin (403) and the session (401)
 * before any handshake, logging one line per refusal with its reason, then hands the connection to Netty's
 * WebSocket protocol handler (RFC 6455 section 4.2.2 handshake, frame codec, ping answers, UTF-8 checks)
 * followed by our {@link WebSocketFrameHandler}.
 */
public final class WebSocketUpgrades implements HttpUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger("websocket");
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final WebSocketRoutes routes;
    private final OriginPolicy origins;
    private final Authenticator authenticator;
    private final WebSocketSessions registry;
    private final WebSocketSettings settings;

    public WebSocketUpgrades(WebSocketRoutes routes, OriginPolicy origins, Authenticator authenticator,
                             WebSocketSessions registry, WebSocketSettings settings) {
        this.routes = routes;
        this.origins = origins;
        this.authenticator = authenticator;
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    public boolean handles(List<String> segments) {
        return routes.find(segments).isPresent();
    }

    @Override
    public HttpResponse upgrade(ChannelHandlerContext ctx, FullHttpRequest nettyRequest, HttpRequest request,
                                List<String> segments) {
        WebSocketRoutes.Found found = routes.find(segments).orElseThrow();
        if (request.method() != HttpMethod.GET) {
            return refuse(request, 405, "a WebSocket handshake is a GET, not " + request.method())
                    .withHeader("Allow", "GET");
        }
        Optional<String> originRefusal = origins.refusal(request);
        if (originRefusal.isPresent()) {
            return refuse(request, 403, originRefusal.get());
        }
        Optional<Caller> caller = authenticator.caller(request);
        if (caller.isEmpty()) {
            refuse(request, 401, "no valid session");
            return Authenticator.unauthorized(request);
        }
        install(ctx, nettyRequest, found.endpoint().subprotocols(), new WebSocketFrameHandler(found.endpoint(), request.path(), found.params(),
                caller.get(), authenticator.sessions(), registry, settings.maxMessageBytes()));
        return null;
    }

    private static HttpResponse refuse(HttpRequest request, int status, String reason) {
        LOG.info("websocket upgrade to {} from {} refused ({}): {}", request.path(), request.remoteHost(), status,
                reason);
        return HttpResponse.error(status, "websocket upgrade refused: " + reason);
    }

    /**
     * Rebuilds the pipeline for WebSocket: the HTTP read timeout gives way to the keepalive timer, and the
     * handshake handler that Netty's protocol handler adds in front of itself receives the request next.
     */
    private void install(ChannelHandlerContext ctx, FullHttpRequest nettyRequest, List<String> subprotocols,
                         WebSocketFrameHandler handler) {
        int max = settings.maxMessageBytes();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                // The route table has matched already: the handshake handler only has to accept this request.
                .websocketPath(nettyRequest.uri())
                .checkStartsWith(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                // Our handler answers close frames, so that the endpoint learns the client's code.
                .handleCloseFrames(false)
                // A close frame is sent by whoever decides to close; closing the channel adds none.
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .allowExtensions(false)
                .maxFramePayloadLength(max)
                .subprotocols(subprotocols.isEmpty() ? null : String.join(",", subprotocols))
                .build();
        ChannelPipeline pipeline = ctx.pipeline();
        long ping = settings.pingInterval().toMillis();
        pipeline.replace(HttpServer.TIMEOUT, "ws-keepalive", new IdleStateHandler(ping, 0, 0, TimeUnit.MILLISECONDS));
        pipeline.remove(HttpServer.CONTINUE);
        pipeline.addAfter(HttpServer.HANDLER, "ws-protocol", new WebSocketServerProtocolHandler(config));
        pipeline.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(max));
        pipeline.addAfter("ws-aggregator", "ws-endpoint", handler);
        ctx.channel().config().setAutoRead(true);
        ctx.fireChannelRead(nettyRequest.retain());
        pipeline.remove(HttpServer.HANDLER);
    }
}

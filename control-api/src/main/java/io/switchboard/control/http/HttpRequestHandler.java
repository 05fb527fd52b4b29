package io.switchboard.control.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's aggregated requests through the route table, one at a time: while a route's
 * answer is pending, later pipelined requests wait here, so responses leave in request order (RFC 9112
 * section 9.3.2). Malformed requests get 400/414/431 and the connection closes; a failing route gets 500
 * with a short JSON error, never a stack trace. Owned by the connection's event loop; not shared.
 */
final class HttpRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("http");
    /** Pipelined requests held while one is served; beyond this the connection stops reading. */
    static final int MAX_WAITING = 16;

    private final HttpRoutes routes;
    private final HttpUpgrade upgrade;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** True from the start of a request until its response is written. */
    private boolean busy;

    HttpRequestHandler(HttpRoutes routes, HttpUpgrade upgrade) {
        this.routes = routes;
        this.upgrade = upgrade;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (busy) {
            waiting.add(request);
            if (waiting.size() >= MAX_WAITING) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        serve(ctx, request);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        try {
            dispatch(ctx, request);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", request.method(), request.uri(), e.toString(), e);
            respond(ctx, new Exchange(request), HttpResponse.error(500, "internal error"), true);
        } finally {
            request.release();
        }
    }

    /** What is kept of a request once its buffer is released. */
    private record Exchange(boolean keepAlive, boolean head, String method, String path) {
        Exchange(FullHttpRequest request) {
            this(HttpUtil.isKeepAlive(request), "HEAD".equals(request.method().name()), request.method().name(),
                    NettyHttp.rawPath(request.uri()));
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest nettyRequest) {
        Exchange exchange = new Exchange(nettyRequest);
        DecoderResult result = nettyRequest.decoderResult();
        if (result.isFailure()) {
            int status = statusFor(result.cause());
            LOG.debug("rejecting malformed request from {}: {}", ctx.channel().remoteAddress(), result.cause().toString());
            respond(ctx, exchange, HttpResponse.error(status, "malformed request: "
                    + io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase()), true);
            return;
        }
        Optional<HttpMethod> method = HttpMethod.of(nettyRequest.method().name());
        if (method.isEmpty()) {
            respond(ctx, exchange, HttpResponse.error(501, "method " + exchange.method() + " not implemented"), false);
            return;
        }
        List<String> segments;
        try {
            segments = RequestPath.segments(exchange.path());
        } catch (IllegalArgumentException e) {
            respond(ctx, exchange, HttpResponse.error(400, "bad path: " + e.getMessage()), true);
            return;
        }
        HttpRequest request = NettyHttp.toRequest(ctx, nettyRequest, method.get(), segments);
        if (upgrade != null && HttpUpgrade.asksForWebSocket(nettyRequest) && upgrade.handles(segments)) {
            HttpResponse refusal = upgrade.upgrade(ctx, nettyRequest, request, segments);
            if (refusal != null) {
                respond(ctx, exchange, refusal, true);
            }
            return;
        }
        HttpRoutes.Match match = routes.find(method.get(), segments);
        if (match instanceof HttpRoutes.Found found) {
            invoke(ctx, exchange, found, request.withPathParams(found.params()));
        } else if (match instanceof HttpRoutes.WrongMethod wrong) {
            String allow = wrong.allowed().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            respond(ctx, exchange, HttpResponse.error(405, exchange.method() + " not allowed on " + request.path())
                    .withHeader("Allow", allow), false);
        } else {
            respond(ctx, exchange, HttpResponse.error(404, "no such resource: " + request.path()), false);
        }
    }

    private void invoke(ChannelHandlerContext ctx, Exchange exchange, HttpRoutes.Found found, HttpRequest request) {
        CompletionStage<HttpResponse> stage;
        try {
            stage = found.route().handle(request);
        } catch (Exception e) {
            respond(ctx, exchange, failure(exchange, e), false);
            return;
        }
        stage.whenComplete((response, error) -> {
            if (ctx.executor().inEventLoop()) {
                finish(ctx, exchange, response, error);
                return;
            }
            try {
                ctx.executor().execute(() -> finish(ctx, exchange, response, error));
            } catch (RejectedExecutionException e) {
                // The server is stopping: the connection goes with it.
                LOG.debug("{} {} answered after shutdown", exchange.method(), exchange.path());
            }
        });
    }

    private void finish(ChannelHandlerContext ctx, Exchange exchange, HttpResponse response, Throwable error) {
        if (error != null) {
            respond(ctx, exchange, failure(exchange, error), false);
        } else if (response == null) {
            respond(ctx, exchange, failure(exchange, new IllegalStateException("route answered null")), false);
        } else {
            respond(ctx, exchange, response, false);
        }
    }

    private static HttpResponse failure(Exchange exchange, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpException http) {
            return http.toResponse();
        }
        LOG.error("{} {} failed: {}", exchange.method(), exchange.path(), cause.toString(), cause);
        return HttpResponse.error(500, "internal error");
    }

    static int statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return 431;
        }
        if (cause instanceof TooLongFrameException) {
            return 413;
        }
        return 400;
    }

    /** Writes the answer, then serves the next waiting request, or closes when the exchange ends the connection. */
    private void respond(ChannelHandlerContext ctx, Exchange exchange, HttpResponse response, boolean close) {
        FullHttpResponse out = NettyHttp.toNetty(response, exchange.head());
        boolean keepAlive = !close && exchange.keepAlive() && ctx.channel().isActive();
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        } else {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            releaseWaiting();
            return;
        }
        busy = false;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            serve(ctx, next);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void releaseWaiting() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            ReferenceCountUtil.release(request);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection or a peer's garbage: nothing to answer, nothing worth more than debug.
        LOG.debug("http connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

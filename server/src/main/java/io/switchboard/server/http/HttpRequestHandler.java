package io.switchboard.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches aggregated requests to the route table. Malformed requests get 400/414/431 and the
 * connection is closed; a failing route gets 500 with a short JSON error, never a stack trace.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger("http");

    private final HttpRoutes routes;

    HttpRequestHandler(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            HttpResponseStatus status = statusFor(result.cause());
            LOG.debug("rejecting malformed request from {}: {}", ctx.channel().remoteAddress(), result.cause().toString());
            send(ctx, request, HttpReply.error(status, "malformed request: " + status.reasonPhrase()), true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpReply reply;
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        var route = routes.find(head ? HttpMethod.GET : method, path);
        if (route.isPresent()) {
            reply = invoke(route.get(), request, path);
        } else {
            Set<HttpMethod> allowed = routes.methods(path);
            if (allowed.isEmpty()) {
                reply = HttpReply.error(HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
            } else {
                reply = HttpReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " not allowed on " + path);
                FullHttpResponse response = toResponse(reply, head);
                response.headers().set(HttpHeaderNames.ALLOW,
                        allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
                write(ctx, request, response, false);
                return;
            }
        }
        send(ctx, request, head ? new HttpReply(reply.status(), reply.contentType(), new byte[0]) : reply, false);
    }

    private HttpReply invoke(HttpRoute route, FullHttpRequest request, String path) {
        try {
            return route.handle(request);
        } catch (Exception e) {
            LOG.error("{} {} failed: {}", request.method(), path, e.toString(), e);
            return HttpReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply, boolean close) {
        write(ctx, request, toResponse(reply, false), close);
    }

    private static FullHttpResponse toResponse(HttpReply reply, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                              boolean close) {
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection or a peer's garbage: nothing to answer, nothing worth more than debug.
        LOG.debug("http connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

package io.switchboard.control.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one place where Netty's HTTP messages turn into ours and back. */
public final class NettyHttp {
    private NettyHttp() {
    }

    /** The raw path of a request target: origin form as is, absolute form (RFC 9112 section 3.2.2) stripped. */
    public static String rawPath(String uri) {
        String target = uri;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int cut = target.length();
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return target.substring(0, cut);
    }

    /**
     * Our copy of {@code request} with its decoded path; the body is copied out so that the Netty buffer
     * can be released while an async route still runs.
     */
    public static HttpRequest toRequest(ChannelHandlerContext ctx, FullHttpRequest request, HttpMethod method,
                                        List<String> segments) {
        HttpRequest.Builder builder = HttpRequest.builder(method, RequestPath.display(segments))
                .body(ByteBufUtil.getBytes(request.content()))
                .remoteAddress(inet(ctx.channel().remoteAddress()))
                .secure(ctx.pipeline().get(SslHandler.class) != null);
        for (Map.Entry<String, List<String>> param : new QueryStringDecoder(request.uri()).parameters().entrySet()) {
            builder.query(param.getKey(), param.getValue());
        }
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        for (String cookieHeader : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(cookieHeader)) {
                builder.cookie(cookie.name(), cookie.value());
            }
        }
        return builder.build();
    }

    /**
     * The Netty form of {@code response}. For HEAD the body is left off but its length still announced
     * (RFC 9110 section 9.3.2); 204 and 304 carry neither body nor length (sections 8.6, 15.4.5).
     */
    public static FullHttpResponse toNetty(HttpResponse response, boolean head) {
        int status = response.status();
        boolean bodiless = status == 204 || status == 304 || status < 200;
        boolean sendBody = !head && !bodiless;
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                sendBody ? Unpooled.wrappedBuffer(response.body()) : Unpooled.EMPTY_BUFFER);
        if (!bodiless) {
            if (response.contentType() != null) {
                out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            }
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        }
        for (HttpResponse.Header header : response.headers()) {
            out.headers().add(header.name(), header.value());
        }
        if (!out.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        }
        // Browsers must take the declared type, never guess one (a text file read as script).
        out.headers().set("X-Content-Type-Options", "nosniff");
        return out;
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}

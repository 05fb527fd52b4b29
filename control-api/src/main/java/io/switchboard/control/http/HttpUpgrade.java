package io.switchboard.control.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;

/**
 * Takes a connection over from HTTP when a request asks to switch protocols (RFC 9110 section 7.8), as
 * the WebSocket endpoints do. Module-internal: it sees Netty types.
 */
public interface HttpUpgrade {
    /** True when an upgrade request to these decoded path segments is this upgrade's to answer. */
    boolean handles(List<String> segments);

    /**
     * Either refuses with the response to send (the connection then closes), or rebuilds the pipeline
     * behind {@code ctx}, passes {@code nettyRequest} on (retained) and removes the HTTP handler, then
     * returns null. Runs on the connection's event loop.
     */
    HttpResponse upgrade(ChannelHandlerContext ctx, FullHttpRequest nettyRequest, HttpRequest request,
                         List<String> segments);

    /** True when {@code request} asks for {@code Upgrade: websocket} (RFC 6455 section 4.2.1). */
    static boolean asksForWebSocket(FullHttpRequest request) {
        return request.headers().containsValue("upgrade", "websocket", true)
                && request.headers().containsValue("connection", "upgrade", true);
    }
}

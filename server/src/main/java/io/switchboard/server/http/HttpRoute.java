package io.switchboard.server.http;

import io.netty.handler.codec.http.FullHttpRequest;

/** Answers one method on one path. Runs on the HTTP event loop: it must not block. */
@FunctionalInterface
public interface HttpRoute {
    HttpReply handle(FullHttpRequest request) throws Exception;
}

package io.switchboard.control.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A route whose answer comes later, from another thread: the server writes it on the connection's event
 * loop when the stage completes, and holds back the connection's next pipelined request until then
 * (responses keep request order, RFC 9112 section 9.3.2). A stage failed with {@link HttpException}
 * answers that error; any other failure a 500.
 */
@FunctionalInterface
public interface AsyncHttpRoute {
    CompletionStage<HttpResponse> handle(HttpRequest request) throws Exception;

    /** {@code route} as an async route that completes at once, on the calling thread. */
    static AsyncHttpRoute of(HttpRoute route) {
        return request -> CompletableFuture.completedFuture(route.handle(request));
    }
}

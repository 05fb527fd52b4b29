package io.switchboard.control.http;

/**
 * Answers one method on one path template. Runs on the connection's event loop, so it must not block:
 * work that waits (disk, password hashing, other services) belongs in an {@link AsyncHttpRoute}.
 * Throw {@link HttpException} for a 4xx; any other exception becomes a 500 without details.
 */
@FunctionalInterface
public interface HttpRoute {
    HttpResponse handle(HttpRequest request) throws Exception;
}

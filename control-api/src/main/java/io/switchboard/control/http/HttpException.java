package io.switchboard.control.http;

/**
 * Thrown by a route to answer a 4xx or 5xx with the JSON error {@code {"error": message}}; the message is
 * meant for the client, so it names the problem without internals.
 */
public final class HttpException extends Exception {
    private final int status;

    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HTTP error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }

    public HttpResponse toResponse() {
        return HttpResponse.error(status, getMessage());
    }
}

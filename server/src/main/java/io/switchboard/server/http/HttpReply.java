package io.switchboard.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** What a route answers: status, content type and body. Routes never touch Netty buffers. */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public static HttpReply json(HttpResponseStatus status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": "..."}} with the given status. */
    public static HttpReply error(HttpResponseStatus status, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return json(status, "{\"error\":\"" + escaped + "\"}");
    }
}

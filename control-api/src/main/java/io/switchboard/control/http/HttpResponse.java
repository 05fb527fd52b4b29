package io.switchboard.control.http;

import io.switchboard.control.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a route answers: status, content type, body and extra header fields (cookies among them). The
 * server adds {@code Content-Length}, {@code Connection} and, unless the route set one, {@code Cache-Control:
 * no-store}. Routes never touch Netty buffers.
 *
 * @param status      the status code
 * @param contentType the body's media type; null for a response without a body (204, 304)
 * @param body        the body bytes (dropped on the wire for HEAD, 204 and 304)
 * @param headers     header fields in order, names as written
 */
public record HttpResponse(int status, String contentType, byte[] body, List<Header> headers) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    /** One header field of a response. */
    public record Header(String name, String value) {
        public Header {
            if (name.isEmpty() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("bad header field " + name);
            }
        }
    }

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("no such status " + status);
        }
        headers = List.copyOf(headers);
    }

    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, body, List.of());
    }

    /** {@code value} written as JSON: a view record, a map or list, a Jackson tree, or JSON text as a String. */
    public static HttpResponse json(int status, Object value) {
        byte[] body = value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : Json.write(value);
        return of(status, JSON, body);
    }

    public static HttpResponse text(int status, String text) {
        return of(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON error every 4xx and 5xx carries: {@code {"error": "..."}}. */
    public static HttpResponse error(int status, String message) {
        return of(status, JSON, Json.error(message));
    }

    /** 204: done, nothing to say. */
    public static HttpResponse noContent() {
        return of(204, null, new byte[0]);
    }

    /** A redirect ({@code 301}, {@code 302}, {@code 303}, {@code 307}, {@code 308}) to {@code location}. */
    public static HttpResponse redirect(int status, String location) {
        return of(status, null, new byte[0]).withHeader("Location", location);
    }

    /** This response with one more header field. */
    public HttpResponse withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new HttpResponse(status, contentType, body, more);
    }

    /** This response with a {@code Set-Cookie} field. */
    public HttpResponse withCookie(ResponseCookie cookie) {
        return withHeader("Set-Cookie", cookie.toHeaderValue());
    }

    /** The first value of header field {@code name} (case-insensitive), if the route set one. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** The body as UTF-8 text, for tests and logs. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
    }
}

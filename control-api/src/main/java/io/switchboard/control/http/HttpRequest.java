package io.switchboard.control.http;

import io.switchboard.control.json.Json;
import io.switchboard.control.json.JsonBodyException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One aggregated HTTP request as routes see it.
 *
 * @param method        the request method (a HEAD request reaches the GET route as HEAD)
 * @param path          the percent-decoded path, without the query
 * @param pathParams    the values of the route template's {@code {name}} segments
 * @param query         the query parameters, each name with its values in order
 * @param headers       the header fields
 * @param cookies       the {@code Cookie} header's pairs (RFC 6265 section 5.4), the first of a repeated name
 * @param body          the body bytes, empty when there is none
 * @param remoteAddress the peer's address; null when the transport has none (in-memory tests)
 * @param secure        true when the request came over TLS
 */
public record HttpRequest(
        HttpMethod method,
        String path,
        Map<String, String> pathParams,
        Map<String, List<String>> query,
        RequestHeaders headers,
        Map<String, String> cookies,
        byte[] body,
        InetSocketAddress remoteAddress,
        boolean secure) {

    private static final String JSON_TYPE = "application/json";

    public HttpRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        cookies = Map.copyOf(cookies);
    }

    /** A request with nothing but a method and a path, to build on in tests and adapters. */
    public static Builder builder(HttpMethod method, String path) {
        return new Builder(method, path);
    }

    /** This request with the values its route template bound. */
    public HttpRequest withPathParams(Map<String, String> params) {
        return new HttpRequest(method, path, params, query, headers, cookies, body, remoteAddress, secure);
    }

    /** The value of a template parameter; the route's own template guarantees it is there. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path parameter {" + name + "} in the route of " + path);
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> header(String name) {
        return headers.first(name);
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** The peer's IP address as text, or {@code "unknown"}; what per-client limits key on. */
    public String remoteHost() {
        if (remoteAddress == null || remoteAddress.getAddress() == null) {
            return "unknown";
        }
        return remoteAddress.getAddress().getHostAddress();
    }

    /**
     * The body as a {@code type} read from JSON. A body of another media type is answered 415, a body that
     * is not the expected JSON 400, both with a JSON error.
     */
    public <T> T json(Class<T> type) throws HttpException {
        String contentType = header("content-type").orElse("");
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        // Requiring the JSON media type also keeps plain HTML forms of other sites out (they cannot send it).
        if (!mediaType.equals(JSON_TYPE)) {
            throw new HttpException(415, "expected a JSON body (Content-Type: application/json)");
        }
        try {
            return Json.read(body, type);
        } catch (JsonBodyException e) {
            throw new HttpException(400, e.getMessage());
        }
    }

    /** Never prints the body or header values: they may carry passwords and tokens. */
    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + path + ", " + body.length + " body bytes]";
    }

    /** Builds a request piece by piece; what is not set is empty. */
    public static final class Builder {
        private final HttpMethod method;
        private final String path;
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final RequestHeaders.Builder headers = new RequestHeaders.Builder();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private InetSocketAddress remoteAddress;
        private boolean secure;

        private Builder(HttpMethod method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder query(String name, List<String> values) {
            query.put(name, List.copyOf(values));
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public Builder cookie(String name, String value) {
            cookies.putIfAbsent(name, value);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder remoteAddress(InetSocketAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(method, path, Map.of(), query, headers.build(), cookies, body, remoteAddress,
                    secure);
        }
    }
}

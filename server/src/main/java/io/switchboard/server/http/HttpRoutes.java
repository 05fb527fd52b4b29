package io.switchboard.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The table of exact paths and methods the HTTP server answers; modules add their routes at wiring time. */
public final class HttpRoutes {
    private final Map<String, Map<HttpMethod, HttpRoute>> byPath = new ConcurrentHashMap<>();

    public HttpRoutes add(HttpMethod method, String path, HttpRoute route) {
        HttpRoute previous = byPath.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putIfAbsent(method, route);
        if (previous != null) {
            throw new IllegalStateException("route already registered: " + method + " " + path);
        }
        return this;
    }

    Optional<HttpRoute> find(HttpMethod method, String path) {
        return Optional.ofNullable(byPath.getOrDefault(path, Map.of()).get(method));
    }

    /** The methods a known path answers (for 405's Allow header); empty when the path is unknown. */
    Set<HttpMethod> methods(String path) {
        return byPath.getOrDefault(path, Map.of()).keySet();
    }
}

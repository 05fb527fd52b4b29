package io.switchboard.control.http;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The table of path templates and methods the HTTP server answers. Modules add their routes while the
 * server is wired (from one thread); event loops look up concurrently. A HEAD request is answered by the
 * GET route with the body left off.
 */
public final class HttpRoutes {
    /** One template and the routes of its methods; replaced whole when a method is added. */
    private record Entry(PathTemplate template, Map<HttpMethod, AsyncHttpRoute> byMethod) {
    }

    /** What the table says about a request. */
    public sealed interface Match permits Found, WrongMethod, NotFound {
    }

    /** The route to run, with the values its template bound. */
    public record Found(PathTemplate template, AsyncHttpRoute route, Map<String, String> params) implements Match {
    }

    /** The path exists but not for this method: 405 with these methods in {@code Allow}. */
    public record WrongMethod(Set<HttpMethod> allowed) implements Match {
    }

    /** No template matches the path: 404. */
    public record NotFound() implements Match {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds a route that answers at once; throws IllegalStateException when the method and path are taken. */
    public HttpRoutes add(HttpMethod method, String template, HttpRoute route) {
        return addAsync(method, template, AsyncHttpRoute.of(route));
    }

    /** Adds a route that answers later (see {@link AsyncHttpRoute}). */
    public HttpRoutes addAsync(HttpMethod method, String template, AsyncHttpRoute route) {
        if (method == HttpMethod.HEAD) {
            throw new IllegalArgumentException("HEAD is answered by the GET route of " + template);
        }
        PathTemplate parsed = PathTemplate.parse(template);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (!entry.template().shape().equals(parsed.shape())) {
                continue;
            }
            if (!entry.template().equals(parsed)) {
                throw new IllegalStateException("route " + template + " clashes with " + entry.template());
            }
            if (entry.byMethod().containsKey(method)) {
                throw new IllegalStateException("route already registered: " + method + " " + template);
            }
            Map<HttpMethod, AsyncHttpRoute> more = new EnumMap<>(entry.byMethod());
            more.put(method, route);
            entries.set(i, new Entry(parsed, Map.copyOf(more)));
            return this;
        }
        entries.add(new Entry(parsed, Map.of(method, route)));
        return this;
    }

    /**
     * Finds the route for {@code method} on the decoded path {@code segments}: the most specific template
     * that matches and answers the method (see {@link PathTemplate#compareTo}).
     */
    public Match find(HttpMethod method, List<String> segments) {
        HttpMethod lookup = method == HttpMethod.HEAD ? HttpMethod.GET : method;
        Found best = null;
        Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        for (Entry entry : entries) {
            Optional<Map<String, String>> params = entry.template().match(segments);
            if (params.isEmpty()) {
                continue;
            }
            allowed.addAll(entry.byMethod().keySet());
            AsyncHttpRoute route = entry.byMethod().get(lookup);
            if (route != null && (best == null || entry.template().compareTo(best.template()) < 0)) {
                best = new Found(entry.template(), route, params.get());
            }
        }
        if (best != null) {
            return best;
        }
        return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
    }

    /** The templates registered, in registration order, for diagnostics. */
    public List<String> templates() {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.template().toString()));
        return out;
    }
}

package io.switchboard.control.ws;

import io.switchboard.control.http.PathTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The WebSocket endpoints by path template; added while wiring, looked up by event loops. */
public final class WebSocketRoutes {
    private record Entry(PathTemplate template, WebSocketEndpoint endpoint) {
    }

    /** The endpoint for a path and the values its template bound. */
    public record Found(PathTemplate template, WebSocketEndpoint endpoint, Map<String, String> params) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Serves {@code endpoint} at {@code template}; throws IllegalStateException when the path is taken. */
    public WebSocketRoutes add(String template, WebSocketEndpoint endpoint) {
        PathTemplate parsed = PathTemplate.parse(template);
        for (Entry entry : entries) {
            if (entry.template().shape().equals(parsed.shape())) {
                throw new IllegalStateException("websocket endpoint " + template + " clashes with " + entry.template());
            }
        }
        entries.add(new Entry(parsed, endpoint));
        return this;
    }

    /** The most specific endpoint whose template matches the decoded path segments. */
    public Optional<Found> find(List<String> segments) {
        Found best = null;
        for (Entry entry : entries) {
            Optional<Map<String, String>> params = entry.template().match(segments);
            if (params.isPresent() && (best == null || entry.template().compareTo(best.template()) < 0)) {
                best = new Found(entry.template(), entry.endpoint(), params.get());
            }
        }
        return Optional.ofNullable(best);
    }
}

package io.switchboard.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoute;
import java.util.Map;

/**
 * {@code GET /health}: 200 once the server is ready and every module is healthy, 503 before that and
 * while draining; the body names each module with its state and a detail either way.
 */
public final class HealthRoute implements HttpRoute {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HealthRegistry registry;

    public HealthRoute(HealthRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        boolean healthy = registry.healthy();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", healthy ? "UP" : registry.ready() ? "DEGRADED" : "NOT_READY");
        ObjectNode modules = body.putObject("modules");
        for (Map.Entry<String, HealthRegistry.ModuleHealth> entry : registry.snapshot().entrySet()) {
            ObjectNode module = modules.putObject(entry.getKey());
            module.put("state", entry.getValue().state().name());
            module.put("detail", entry.getValue().detail());
        }
        return HttpResponse.json(healthy ? 200 : 503, JSON.writeValueAsString(body));
    }
}

package io.switchboard.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.server.http.HttpReply;
import io.switchboard.server.http.HttpRoute;
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
    public HttpReply handle(FullHttpRequest request) throws Exception {
        boolean healthy = registry.healthy();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", healthy ? "UP" : registry.ready() ? "DEGRADED" : "NOT_READY");
        ObjectNode modules = body.putObject("modules");
        for (Map.Entry<String, HealthRegistry.ModuleHealth> entry : registry.snapshot().entrySet()) {
            ObjectNode module = modules.putObject(entry.getKey());
            module.put("state", entry.getValue().state().name());
            module.put("detail", entry.getValue().detail());
        }
        return HttpReply.json(healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                JSON.writeValueAsString(body));
    }
}

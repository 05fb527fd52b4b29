package io.switchboard.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.http.HttpException;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.instance.InstanceResources;
import io.switchboard.routing.metrics.AgentFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/metrics/current}: live figures shaped like Amazon Connect's GetCurrentMetricData. The body
 * names {@code Filters} ({@code Queues} and/or {@code RoutingProfiles}, by name or ARN; {@code Channels} VOICE),
 * {@code Groupings} ({@code QUEUE}, {@code ROUTING_PROFILE} or none) and {@code CurrentMetrics}
 * ({@code {"Name": ..., "Unit": ...}}); the answer is {@code MetricResults} with {@code Dimensions} and
 * {@code Collections}, {@code DataSnapshotTime} and {@code ApproximateTotalCount}. A metric name that does not
 * apply is a 400 naming it.
 */
public final class CurrentMetricRoutes {

    public static final String CURRENT = "/api/metrics/current";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The metric names we answer and their unit; queue-only metrics are 0 per routing profile. */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("AGENTS_ONLINE", "COUNT"), Map.entry("AGENTS_AVAILABLE", "COUNT"),
            Map.entry("AGENTS_ON_CONTACT", "COUNT"), Map.entry("AGENTS_ON_CALL", "COUNT"),
            Map.entry("AGENTS_STAFFED", "COUNT"), Map.entry("AGENTS_AFTER_CONTACT_WORK", "COUNT"),
            Map.entry("AGENTS_NON_PRODUCTIVE", "COUNT"), Map.entry("CONTACTS_IN_QUEUE", "COUNT"),
            Map.entry("OLDEST_CONTACT_AGE", "SECONDS"));

    private CurrentMetricRoutes() {
    }

    public static void add(HttpRoutes routes, Authenticator authenticator, ContactCenter center,
                           Supplier<InstanceConfig> instance) {
        routes.add(HttpMethod.POST, CURRENT, request -> {
            if (authenticator.caller(request).isEmpty()) {
                return Authenticator.unauthorized(request);
            }
            JsonNode body = request.json(JsonNode.class);
            return HttpResponse.json(200, answer(body == null ? MAPPER.createObjectNode() : body, center,
                    instance.get(), Instant.now()));
        });
    }

    static ObjectNode answer(JsonNode body, ContactCenter center, InstanceConfig instance, Instant now)
            throws HttpException {
        List<String> metrics = new ArrayList<>();
        for (JsonNode m : body.path("CurrentMetrics")) {
            String name = m.path("Name").asText("");
            if (!UNITS.containsKey(name)) {
                throw new HttpException(400, "CurrentMetrics: " + (name.isEmpty() ? "a metric without Name" : name)
                        + " is not one of " + new java.util.TreeSet<>(UNITS.keySet()));
            }
            metrics.add(name);
        }
        if (metrics.isEmpty()) {
            throw new HttpException(400, "CurrentMetrics is required, e.g. [{\"Name\":\"AGENTS_AVAILABLE\",\"Unit\":\"COUNT\"}]");
        }
        JsonNode filters = body.path("Filters");
        for (JsonNode channel : filters.path("Channels")) {
            if (!"VOICE".equals(channel.asText())) {
                throw new HttpException(400, "Filters.Channels: only VOICE is served, not " + channel.asText());
            }
        }
        List<String> groupings = new ArrayList<>();
        body.path("Groupings").forEach(g -> groupings.add(g.asText()));
        boolean byProfile = groupings.contains("ROUTING_PROFILE");
        Map<String, String> queues = pick(filters.path("Queues"), arns(center.instanceArn(), "queue",
                instance.queues().stream().map(Queue::name).toList()));
        Map<String, String> profiles = pick(filters.path("RoutingProfiles"), arns(center.instanceArn(),
                "routing-profile", instance.routingProfiles().stream().map(RoutingProfile::name).toList()));
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode results = out.putArray("MetricResults");
        if (byProfile) {
            profiles.forEach((name, arn) -> {
                ObjectNode result = results.addObject();
                ObjectNode dims = result.putObject("Dimensions");
                dims.putObject("RoutingProfile").put("Arn", arn).put("Id", name);
                dims.put("Channel", "VOICE");
                collections(result, metrics, m -> profileFigure(center, name, m));
            });
        } else {
            queues.forEach((name, arn) -> {
                ObjectNode result = results.addObject();
                ObjectNode dims = result.putObject("Dimensions");
                dims.putObject("Queue").put("Arn", arn).put("Id", name);
                dims.put("Channel", "VOICE");
                collections(result, metrics, m -> queueFigure(center, name, m, now));
            });
        }
        out.put("DataSnapshotTime", now.toString());
        out.put("ApproximateTotalCount", results.size());
        return out;
    }

    private static void collections(ObjectNode result, List<String> metrics,
                                    java.util.function.ToDoubleFunction<String> value) {
        ArrayNode collections = result.putArray("Collections");
        for (String name : metrics) {
            ObjectNode c = collections.addObject();
            c.putObject("Metric").put("Name", name).put("Unit", UNITS.get(name));
            c.put("Value", value.applyAsDouble(name));
        }
    }

    private static double queueFigure(ContactCenter center, String queue, String metric, Instant now) {
        return switch (metric) {
            case "CONTACTS_IN_QUEUE" -> center.figures().queueContacts(queue);
            case "OLDEST_CONTACT_AGE" -> center.figures().oldestContactSince(queue)
                    .map(since -> (double) Math.max(0, Duration.between(since, now).toSeconds())).orElse(0.0);
            default -> center.agentFigures().queueAgents(queue, figure(metric));
        };
    }

    private static double profileFigure(ContactCenter center, String profile, String metric) {
        return switch (metric) {
            case "CONTACTS_IN_QUEUE", "OLDEST_CONTACT_AGE" -> 0;
            default -> center.agentFigures().agents(profile, figure(metric));
        };
    }

    private static AgentFigures.Figure figure(String metric) {
        return switch (metric) {
            case "AGENTS_ONLINE" -> AgentFigures.Figure.ONLINE;
            case "AGENTS_AVAILABLE" -> AgentFigures.Figure.AVAILABLE;
            case "AGENTS_ON_CONTACT", "AGENTS_ON_CALL" -> AgentFigures.Figure.ON_CONTACT;
            case "AGENTS_STAFFED" -> AgentFigures.Figure.STAFFED;
            case "AGENTS_AFTER_CONTACT_WORK" -> AgentFigures.Figure.AFTER_CONTACT_WORK;
            case "AGENTS_NON_PRODUCTIVE" -> AgentFigures.Figure.NON_PRODUCTIVE;
            default -> throw new IllegalArgumentException(metric);
        };
    }

    /** The named entries of {@code all} (name -> ARN) a filter keeps, by name or ARN; all of them without one. */
    private static Map<String, String> pick(JsonNode filter, Map<String, String> all) {
        if (!filter.isArray() || filter.isEmpty()) {
            return all;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (JsonNode wanted : filter) {
            String w = wanted.asText();
            all.forEach((name, arn) -> {
                if (name.equals(w) || arn.equals(w)) {
                    kept.put(name, arn);
                }
            });
        }
        return kept;
    }

    /** Name -> ARN, as the contact center names its resources. */
    private static Map<String, String> arns(String instanceArn, String kind, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, instanceArn + "/" + kind + "/" + InstanceResources.stableId(kind, n)));
        return out;
    }
}

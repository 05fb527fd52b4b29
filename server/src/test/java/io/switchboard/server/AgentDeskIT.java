package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent's day over the packaged server's HTTP API: login puts alice in the roster, her status changes,
 * logout takes her out, and the agent-event stream file holds each step with the agent before and after.
 */
class AgentDeskIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HASH = "$2y$10$hvCaqflmRoVWOWy4gZPMGejb.AnyL35yXLipNbSHHKUEVA82qPmym";
    private static final String AVAILABLE_SERIES =
            "switchboard_agents{figure=\"available\",routing_profile=\"Sales and Support\"}";

    /** The demo instance plus rita, who may read reports but is no agent. */
    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml)
                .replace("securityProfiles:\n  - name: Agent\n", "securityProfiles:\n  - name: Reports\n"
                        + "    permissions: [HistoricalMetrics.View]\n  - name: Agent\n")
                .replace("users:\n", "users:\n  - username: rita\n    firstName: Rita\n    lastName: Reed\n"
                        + "    passwordHash: \"" + HASH + "\"\n    securityProfiles: [Reports]\n"
                        + "    routingProfile: Sales and Support\n"));
        return instance;
    });

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    private String login(String username) throws Exception {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(server.http("/api/login")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"demo-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return json.readTree(login.body()).path("token").asText();
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    @Test
    void aliceLogsInChangesStatusAndLogsOutAndTheStreamRecordsEachStep() throws Exception {
        String token = login("alice");
        JsonNode first = ok(send(token, "GET", "/api/agent", null));
        assertEquals("Offline", first.path("AgentStatus").path("Name").asText(), first.toString());
        assertEquals("alice", first.path("Configuration").path("Username").asText());
        assertEquals("Sales and Support", first.path("Configuration").path("RoutingProfile").path("Name").asText());

        JsonNode set = ok(send(token, "PUT", "/api/agent/status", "{\"status\":\"Available\"}"));
        assertEquals("Available", set.path("AgentStatus").path("Name").asText());
        JsonNode now = ok(send(token, "GET", "/api/agent", null));
        assertEquals("Available", now.path("AgentStatus").path("Name").asText());
        assertEquals("ROUTABLE", now.path("AgentStatus").path("Type").asText());
        server.awaitMetric(AVAILABLE_SERIES, 1, TIMEOUT);

        HttpResponse<String> unknown = send(token, "PUT", "/api/agent/status", "{\"status\":\"Napping\"}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(json.readTree(unknown.body()).path("error").asText().contains("Napping"), unknown.body());
        assertEquals(401, send(null, "PUT", "/api/agent/status", "{\"status\":\"Available\"}").statusCode());
        assertEquals(401, send(null, "GET", "/api/agent", null).statusCode());

        String rita = login("rita");
        HttpResponse<String> notAgent = send(rita, "GET", "/api/agent", null);
        assertEquals(403, notAgent.statusCode(), notAgent.body());
        assertTrue(json.readTree(notAgent.body()).path("error").isTextual(), notAgent.body());

        assertEquals(204, send(token, "POST", "/api/logout", null).statusCode());
        server.awaitMetric(AVAILABLE_SERIES, 0, TIMEOUT);

        List<JsonNode> alice = Await.value("alice's LOGIN, STATE_CHANGE and LOGOUT on disk", TIMEOUT, () -> {
            List<JsonNode> lines = events("alice");
            return lines.size() >= 3 ? java.util.Optional.of(lines) : java.util.Optional.empty();
        });
        assertEquals(List.of("LOGIN", "STATE_CHANGE", "LOGOUT"),
                alice.stream().map(e -> e.path("EventType").asText()).toList());
        for (JsonNode event : alice) {
            assertEquals("2017-10-01", event.path("Version").asText());
            assertTrue(event.path("EventTimestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    event.toString());
            assertTrue(event.path("AgentARN").asText().startsWith(event.path("InstanceARN").asText() + "/agent/"));
        }
        assertTrue(alice.get(0).path("PreviousAgentSnapshot").isNull());
        assertEquals("Offline", status(alice.get(0), "CurrentAgentSnapshot"));
        assertEquals("Offline", status(alice.get(1), "PreviousAgentSnapshot"));
        assertEquals("Available", status(alice.get(1), "CurrentAgentSnapshot"));
        assertEquals("Available", status(alice.get(2), "PreviousAgentSnapshot"));
        assertEquals("Offline", status(alice.get(2), "CurrentAgentSnapshot"));

        // An agent still logged in when the server stops gets their LOGOUT, so no login stays open.
        login("bob");
        Await.until("bob's LOGIN on disk", TIMEOUT, () -> events("bob").size() == 1);
        assertEquals(0, server.stop(Duration.ofSeconds(40)), server.process().tail(30));
        assertEquals(List.of("LOGIN", "LOGOUT"), events("bob").stream().map(e -> e.path("EventType").asText()).toList());
    }

    @Test
    void currentMetricsShapedLikeGetCurrentMetricDataCountTheAgentsPerQueueAndRoutingProfile() throws Exception {
        String token = login("alice");
        ok(send(token, "PUT", "/api/agent/status", "{\"status\":\"Available\"}"));
        server.awaitMetric("switchboard_queue_agents{figure=\"available\",queue=\"Sales\"}", 1, TIMEOUT);
        String ask = """
                {"Filters": {"Queues": ["Sales", "Support"], "Channels": ["VOICE"]}, "Groupings": ["QUEUE"],
                 "CurrentMetrics": [{"Name": "AGENTS_AVAILABLE", "Unit": "COUNT"}, {"Name": "AGENTS_STAFFED", "Unit": "COUNT"},
                   {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}, {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}]}""";
        JsonNode byQueue = ok(send(token, "POST", "/api/metrics/current", ask));
        assertEquals(2, byQueue.path("MetricResults").size(), byQueue.toString());
        assertEquals(2, byQueue.path("ApproximateTotalCount").asInt());
        JsonNode sales = byQueue.path("MetricResults").get(0);
        assertEquals("Sales", sales.path("Dimensions").path("Queue").path("Id").asText(), sales.toString());
        assertTrue(sales.path("Dimensions").path("Queue").path("Arn").asText().contains("/queue/"), sales.toString());
        assertEquals("VOICE", sales.path("Dimensions").path("Channel").asText());
        assertEquals("AGENTS_AVAILABLE", sales.path("Collections").get(0).path("Metric").path("Name").asText());
        assertEquals(1.0, sales.path("Collections").get(0).path("Value").asDouble(), sales.toString());
        assertEquals(1.0, sales.path("Collections").get(1).path("Value").asDouble(), "staffed: " + sales);
        assertEquals(0.0, sales.path("Collections").get(2).path("Value").asDouble());
        assertEquals("SECONDS", sales.path("Collections").get(3).path("Metric").path("Unit").asText());

        JsonNode byProfile = ok(send(token, "POST", "/api/metrics/current", """
                {"Groupings": ["ROUTING_PROFILE"], "Filters": {"RoutingProfiles": ["Sales and Support"]},
                 "CurrentMetrics": [{"Name": "AGENTS_ONLINE", "Unit": "COUNT"}]}"""));
        JsonNode profile = byProfile.path("MetricResults").get(0);
        assertEquals("Sales and Support", profile.path("Dimensions").path("RoutingProfile").path("Id").asText());
        assertEquals(1.0, profile.path("Collections").get(0).path("Value").asDouble(), profile.toString());

        HttpResponse<String> unknown = send(token, "POST", "/api/metrics/current",
                "{\"CurrentMetrics\": [{\"Name\": \"SLOTS_LEFT\", \"Unit\": \"COUNT\"}]}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("SLOTS_LEFT"), unknown.body());
        assertEquals(401, send(null, "POST", "/api/metrics/current", ask).statusCode());
    }

    private static String status(JsonNode event, String snapshot) {
        return event.path(snapshot).path("AgentStatus").path("Name").asText();
    }

    /** The agent's events in today's (UTC) agent-event file, in order. */
    private List<JsonNode> events(String username) {
        Path file = server.dataDir().resolve("streams/agent-events/" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        List<JsonNode> events = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return events;
            }
            for (String line : Files.readAllLines(file)) {
                JsonNode event = json.readTree(line);
                if (event.path("CurrentAgentSnapshot").path("Configuration").path("Username").asText().equals(username)) {
                    events.add(event);
                }
            }
        } catch (java.io.IOException e) {
            // A line still being written: read again on the next try.
        }
        return events;
    }
}

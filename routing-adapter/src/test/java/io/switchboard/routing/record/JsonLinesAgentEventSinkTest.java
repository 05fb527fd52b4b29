package io.switchboard.routing.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.routing.agent.AgentDirectory;
import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.LogoutCause;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent events on disk: one Amazon Connect agent event per line, in the file of the event's UTC date. */
class JsonLinesAgentEventSinkTest {
    private static final String ARN = ContactCenter.Options.DEFAULT_INSTANCE_ARN;

    @TempDir
    Path dir;

    @Test
    void eventsAreWrittenAsConnectAgentEventLinesPerUtcDay() throws Exception {
        VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T23:59:59.250Z"));
        EventBus bus = new EventBus();
        JsonLinesAgentEventSink sink = new JsonLinesAgentEventSink(dir, true);
        bus.subscribe(e -> {
            if (e instanceof ContactEvent.AgentChanged changed) {
                sink.accept(changed.event());
            }
        });
        AgentRoster roster = new AgentRoster(loop, bus,
                AgentDirectory.of(InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance"))).config(), ARN),
                AgentRoster.Settings.defaults());
        roster.login("alice");
        roster.setStatus("alice", "Available");
        loop.advance(Duration.ofSeconds(1));
        roster.logout("alice", LogoutCause.REQUESTED);
        sink.close();

        Path streams = dir.resolve("streams").resolve("agent-events");
        List<String> first = Files.readAllLines(streams.resolve("2024-07-10.jsonl"));
        List<String> second = Files.readAllLines(streams.resolve("2024-07-11.jsonl"));
        assertEquals(2, first.size());
        assertEquals(1, second.size());
        assertEquals(3, sink.written());

        ObjectMapper mapper = new ObjectMapper();
        JsonNode login = mapper.readTree(first.get(0));
        assertEquals("LOGIN", login.path("EventType").asText());
        assertEquals(AgentEvent.VERSION, login.path("Version").asText());
        assertEquals("2024-07-10T23:59:59.250Z", login.path("EventTimestamp").asText());
        assertEquals("000000000000", login.path("AWSAccountId").asText());
        assertEquals(ARN, login.path("InstanceARN").asText());
        assertEquals(AgentDirectory.agentArn(ARN, "alice"), login.path("AgentARN").asText());
        assertTrue(login.path("PreviousAgentSnapshot").isNull());
        JsonNode current = login.path("CurrentAgentSnapshot");
        assertEquals("Offline", current.path("AgentStatus").path("Name").asText());
        assertEquals("OFFLINE", current.path("AgentStatus").path("Type").asText());
        assertTrue(current.path("AgentStatus").path("ARN").asText().startsWith(ARN + "/agent-state/"));
        JsonNode config = current.path("Configuration");
        assertEquals("alice", config.path("Username").asText());
        assertEquals("Alice", config.path("FirstName").asText());
        assertEquals("Archer", config.path("LastName").asText());
        assertEquals("Sales and Support", config.path("RoutingProfile").path("Name").asText());
        assertEquals(2, config.path("RoutingProfile").path("InboundQueues").size());
        assertTrue(config.path("RoutingProfile").path("DefaultOutboundQueue").path("ARN").asText()
                .startsWith(ARN + "/queue/"));
        assertEquals("Sales team", config.path("AgentHierarchyGroups").path("Level2").path("Name").asText());
        assertTrue(current.path("Contacts").isArray());

        JsonNode change = mapper.readTree(first.get(1));
        assertEquals("STATE_CHANGE", change.path("EventType").asText());
        assertEquals("Offline", change.path("PreviousAgentSnapshot").path("AgentStatus").path("Name").asText());
        assertEquals("Available", change.path("CurrentAgentSnapshot").path("AgentStatus").path("Name").asText());
        assertEquals("ROUTABLE", change.path("CurrentAgentSnapshot").path("AgentStatus").path("Type").asText());

        JsonNode logout = mapper.readTree(second.get(0));
        assertEquals("LOGOUT", logout.path("EventType").asText());
        assertEquals("2024-07-11T00:00:00.250Z", logout.path("EventTimestamp").asText());
        assertEquals("Available", logout.path("PreviousAgentSnapshot").path("AgentStatus").path("Name").asText());
    }
}

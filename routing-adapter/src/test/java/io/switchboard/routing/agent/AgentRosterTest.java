package io.switchboard.routing.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.metrics.AgentFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents on the virtual loop: login and logout by every path, statuses, system states, heartbeats, reload. */
class AgentRosterTest {
    private static final Instant START = Instant.parse("2024-07-10T15:00:00Z");
    private static final String ARN = ContactCenter.Options.DEFAULT_INSTANCE_ARN;

    @TempDir
    Path dir;
    private final VirtualLoop loop = new VirtualLoop(START);
    private final EventBus bus = new EventBus();
    private final List<AgentEvent> events = new ArrayList<>();
    private AgentFigures figures;
    private AgentRoster roster;
    private Path instance;

    @BeforeEach
    void start() throws Exception {
        instance = DemoInstance.extractTo(dir.resolve("instance"));
        bus.subscribe(e -> {
            if (e instanceof ContactEvent.AgentChanged changed) {
                events.add(changed.event());
            }
        });
        figures = new AgentFigures(bus);
        roster = new AgentRoster(loop, bus, AgentDirectory.of(load(), ARN),
                new AgentRoster.Settings(Duration.ofSeconds(120), Duration.ofSeconds(30)));
    }

    private InstanceConfig load() {
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        return loaded.config();
    }

    private InstanceConfig edit(UnaryOperator<String> change) throws Exception {
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, change.apply(Files.readString(yaml)));
        return load();
    }

    private List<AgentEvent.Type> types() {
        return events.stream().map(AgentEvent::type).toList();
    }

    private AgentEvent last() {
        return events.get(events.size() - 1);
    }

    @Test
    void agentsAreTheUsersWithAgentAccessWithStableArns() {
        assertEquals(List.of("alice", "bob", "dana", "sam", "admin"), List.copyOf(roster.directory().agents().keySet()));
        AgentConfiguration alice = roster.directory().agent("alice").orElseThrow();
        assertEquals(AgentDirectory.agentArn(ARN, "alice"), alice.agentArn());
        assertTrue(alice.agentArn().startsWith(ARN + "/agent/"), alice.agentArn());
        assertEquals("Sales and Support", alice.routingProfile().name());
        assertEquals(List.of("Demo floor", "Sales team"),
                alice.hierarchyGroups().stream().map(AgentConfiguration.HierarchyGroup::name).toList()
                        .subList(alice.hierarchyGroups().size() - 2, alice.hierarchyGroups().size()));
        assertEquals(Duration.ofSeconds(10), alice.afterContactWork());
    }

    @Test
    void loginStartsOfflineWithoutADefaultAndSetStatusRecordsBothSnapshots() {
        AgentSnapshot in = roster.login("alice");
        assertEquals(AgentState.OFFLINE, in.state());
        assertEquals("Offline", in.status().name());
        assertEquals(List.of(AgentEvent.Type.LOGIN), types());
        assertNull(last().previous());

        loop.advance(Duration.ofSeconds(5));
        AgentSnapshot available = roster.setStatus("alice", "Available");
        assertEquals(AgentState.AVAILABLE, available.state());
        assertEquals(START.plusSeconds(5), roster.agent("alice").orElseThrow().availableSince().orElseThrow());
        AgentEvent change = last();
        assertEquals(AgentEvent.Type.STATE_CHANGE, change.type());
        assertEquals("Offline", change.previous().status().name());
        assertEquals("Available", change.current().status().name());
        assertEquals(START.plusSeconds(5), change.timestamp());
        assertEquals(1, figures.agents("Sales and Support", AgentFigures.Figure.AVAILABLE));
        assertEquals(1, figures.agents("Sales and Support", AgentFigures.Figure.ONLINE));

        roster.setStatus("alice", "Lunch");
        assertEquals(AgentState.CUSTOM, roster.agent("alice").orElseThrow().state());
        assertEquals(0, figures.agents("Sales and Support", AgentFigures.Figure.AVAILABLE));
        assertEquals(1, figures.agents("Sales and Support", AgentFigures.Figure.NON_PRODUCTIVE));

        roster.logout("alice", LogoutCause.REQUESTED);
        assertEquals(List.of(AgentEvent.Type.LOGIN, AgentEvent.Type.STATE_CHANGE, AgentEvent.Type.STATE_CHANGE,
                AgentEvent.Type.LOGOUT), types());
        assertEquals("Lunch", last().previous().status().name());
        assertEquals(AgentState.LOGGED_OUT, last().current().state());
        assertEquals(0, figures.agents("Sales and Support", AgentFigures.Figure.ONLINE));
    }

    @Test
    void aRoutingProfileDefaultStatusIsWhereItsAgentsStart() throws Exception {
        roster.reload(AgentDirectory.of(edit(y -> y.replace("  - name: Sales and Support\n",
                "  - name: Sales and Support\n    defaultAgentStatus: Available\n")), ARN));
        assertEquals(AgentState.AVAILABLE, roster.login("alice").state());
        assertEquals(AgentState.OFFLINE, roster.login("bob").state());
    }

    @Test
    void statusRequestsAreRefusedWithTheirReason() throws Exception {
        assertEquals(AgentRequestException.Reason.NOT_AN_AGENT,
                assertThrows(AgentRequestException.class, () -> roster.setStatus("nobody", "Available")).reason());
        assertEquals(AgentRequestException.Reason.NOT_LOGGED_IN,
                assertThrows(AgentRequestException.class, () -> roster.setStatus("alice", "Available")).reason());
        roster.login("alice");
        assertEquals(AgentRequestException.Reason.UNKNOWN_STATUS,
                assertThrows(AgentRequestException.class, () -> roster.setStatus("alice", "Napping")).reason());
        roster.reload(AgentDirectory.of(edit(y -> y.replace("{ name: Training, order: 4 }",
                "{ name: Training, order: 4, enabled: false }")), ARN));
        assertEquals(AgentRequestException.Reason.DISABLED_STATUS,
                assertThrows(AgentRequestException.class, () -> roster.setStatus("alice", "Training")).reason());
        roster.setStatus("alice", "Available");
        roster.offer(roster.agent("alice").orElseThrow(), new AgentContact("c-1", "c-1", "INBOUND", null, null));
        assertEquals(AgentRequestException.Reason.ON_CONTACT,
                assertThrows(AgentRequestException.class, () -> roster.setStatus("alice", "Lunch")).reason());
    }

    @Test
    void theAgentIsLoggedInWhileAnySessionLastsAndOutWithTheLast() {
        roster.sessionStarted("alice", "s1");
        roster.sessionStarted("alice", "s2");
        roster.sessionStarted("sam-is-not-here", "s3");
        assertEquals(List.of(AgentEvent.Type.LOGIN), types());
        roster.sessionEnded("alice", "s1", LogoutCause.REQUESTED);
        assertEquals(AgentState.OFFLINE, roster.agent("alice").orElseThrow().state());
        roster.sessionEnded("alice", "s2", LogoutCause.SESSION_EXPIRED);
        assertEquals(List.of(AgentEvent.Type.LOGIN, AgentEvent.Type.LOGOUT), types());
        roster.sessionEnded("alice", "s2", LogoutCause.SESSION_EXPIRED);
        assertEquals(2, events.size());
    }

    @Test
    void closedConnectionsLogTheAgentOutAfterTheGracePeriodUnlessOneReopens() {
        roster.sessionStarted("alice", "s1");
        roster.connectionOpened("alice", "s1", "ws1");
        roster.connectionClosed("alice", "s1", "ws1");
        loop.advance(Duration.ofSeconds(29));
        roster.connectionOpened("alice", "s1", "ws2");
        loop.advance(Duration.ofSeconds(60));
        assertEquals(AgentState.OFFLINE, roster.agent("alice").orElseThrow().state());

        roster.connectionClosed("alice", "s1", "ws2");
        loop.advance(Duration.ofMillis(29_999));
        assertEquals(AgentState.OFFLINE, roster.agent("alice").orElseThrow().state());
        loop.advance(Duration.ofMillis(1));
        assertEquals(AgentEvent.Type.LOGOUT, last().type());
        assertEquals(START.plusSeconds(29 + 60 + 30), last().timestamp());
    }

    @Test
    void aLoggedInAgentGetsAHeartBeat120SecondsAfterTheirLastEvent() {
        roster.login("alice");
        loop.advance(Duration.ofSeconds(119));
        assertEquals(List.of(AgentEvent.Type.LOGIN), types());
        loop.advance(Duration.ofSeconds(1));
        assertEquals(AgentEvent.Type.HEART_BEAT, last().type());
        assertEquals(START.plusSeconds(120), last().timestamp());
        assertNull(last().previous());
        loop.advance(Duration.ofSeconds(60));
        roster.setStatus("alice", "Available");
        loop.advance(Duration.ofSeconds(119));
        assertEquals(AgentEvent.Type.STATE_CHANGE, last().type());
        loop.advance(Duration.ofSeconds(1));
        assertEquals(AgentEvent.Type.HEART_BEAT, last().type());
        assertEquals(START.plusSeconds(300), last().timestamp());
        roster.logout("alice", LogoutCause.REQUESTED);
        int before = events.size();
        loop.advance(Duration.ofMinutes(10));
        assertEquals(before, events.size());
        assertEquals(0, loop.pendingTimers());
    }

    @Test
    void theRouterDrivesOfferConnectHoldAcwAndTheTimeoutReturnsTheStatus() {
        roster.login("alice");
        roster.setStatus("alice", "Available");
        Agent alice = roster.agent("alice").orElseThrow();
        roster.offer(alice, new AgentContact("c-1", "c-1", "INBOUND",
                alice.configuration().routingProfile().queues().get(0).queue(), START));
        assertEquals(AgentState.PENDING, alice.state());
        assertTrue(alice.availableSince().isEmpty());
        roster.connect(alice);
        assertEquals(1, figures.agents("Sales and Support", AgentFigures.Figure.ON_CONTACT));
        roster.hold(alice);
        roster.resume(alice);
        roster.endContact(alice);
        assertEquals(1, figures.agents("Sales and Support", AgentFigures.Figure.AFTER_CONTACT_WORK));
        assertEquals("c-1", last().current().contact().orElseThrow().contactId());
        loop.advance(Duration.ofSeconds(10));
        assertEquals(AgentState.AVAILABLE, alice.state());
        assertTrue(alice.contact().isEmpty());
        assertEquals(List.of(AgentState.PENDING, AgentState.BUSY, AgentState.ON_HOLD, AgentState.BUSY,
                AgentState.AFTER_CONTACT_WORK, AgentState.AVAILABLE),
                events.subList(2, 8).stream().map(e -> e.current().state()).toList());

        roster.offer(alice, new AgentContact("c-2", "c-2", "INBOUND", null, null));
        roster.miss(alice);
        loop.advance(Duration.ofMinutes(1));
        assertEquals(AgentState.MISSED, alice.state());
        assertThrows(IllegalStateException.class, () -> roster.connect(alice));
        roster.setStatus("alice", "Available");
        assertEquals(AgentState.AVAILABLE, alice.state());
    }

    @Test
    void reloadLogsOutARemovedUserAndRecordsAChangedRoutingProfile() throws Exception {
        roster.login("alice");
        roster.login("bob");
        events.clear();
        roster.reload(AgentDirectory.of(edit(y -> y
                .replace("    routingProfile: Sales and Support\n    phoneType: softphone",
                        "    routingProfile: Support only\n    phoneType: softphone")
                .replaceAll("(?s)  - username: bob\n.*?hierarchyGroup: Support team\n", "")
                // His SIP phone goes with him: a phone of an unknown user is refused.
                .replaceAll("  - username: bob\n    realm: [^\n]*\n    ha1: [^\n]*\n", "")), ARN));
        assertEquals(2, events.size(), events.toString());
        AgentEvent alice = events.stream().filter(e -> e.username().equals("alice")).findFirst().orElseThrow();
        assertEquals(AgentEvent.Type.STATE_CHANGE, alice.type());
        assertEquals("Sales and Support", alice.previous().configuration().routingProfile().name());
        assertEquals("Support only", alice.current().configuration().routingProfile().name());
        AgentEvent bob = events.stream().filter(e -> e.username().equals("bob")).findFirst().orElseThrow();
        assertEquals(AgentEvent.Type.LOGOUT, bob.type());
        assertTrue(roster.agent("bob").isEmpty());
        assertEquals(0, figures.agents("Support only", AgentFigures.Figure.ONLINE)
                + figures.agents("Sales and Support", AgentFigures.Figure.ONLINE));
    }

    @Test
    void reloadTellsTheRoutingOfAChangeTheSnapshotDoesNotShow() throws Exception {
        roster.login("alice");
        roster.setStatus("alice", "Available");
        List<String> told = new ArrayList<>();
        roster.watch(agent -> told.add(agent.username() + ":" + agent.configuration().routingProfile().queues().stream()
                .map(q -> q.queue().name() + "/" + q.priority()).toList()));
        events.clear();
        // Sales and Support swap priorities in alice's profile: her agent event snapshot names the same queues.
        roster.reload(AgentDirectory.of(edit(y -> y
                .replace("      - { queue: Sales, priority: 1, delaySeconds: 0 }\n      - { queue: Support, priority: 2,",
                        "      - { queue: Sales, priority: 2, delaySeconds: 0 }\n      - { queue: Support, priority: 1,")),
                ARN));
        assertTrue(told.contains("alice:[Sales/2, Support/1]"), told.toString());
    }
}

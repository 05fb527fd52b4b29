package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.AgentStatus;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.config.model.User;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded demo instance extracts, validates with zero problems, and is what CONTRACT.md promises. */
class DemoInstanceTest {

    @TempDir
    Path dir;

    private InstanceConfig demo;

    @BeforeEach
    void extractAndLoad() throws Exception {
        DemoInstance.extractTo(dir);
        LoadResult result = InstanceLoader.load(dir);
        assertEquals(List.of(), result.problems());
        demo = result.config();
    }

    @Test
    void indexListsEveryFileAndOnlyThose() throws Exception {
        List<String> extracted = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> extracted.add(dir.relativize(f).toString().replace('\\', '/')));
        }
        assertEquals(DemoInstance.files().stream().sorted().toList(), extracted.stream().sorted().toList());
    }

    @Test
    void extractingAgainReplacesTheFiles() throws Exception {
        Files.writeString(dir.resolve("instance.yaml"), "broken: [");
        DemoInstance.extractTo(dir);
        assertTrue(InstanceLoader.load(dir).isValid());
    }

    @Test
    void trunkAcceptsLoopbackWithoutAuthAndReachesTheDeskPhone() throws Exception {
        SipTrunk trunk = demo.trunks().get(0);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertTrue(trunk.inbound().allowedSources().stream().anyMatch(c -> c.contains(loopback)));
        assertFalse(trunk.inbound().requiresDigest());
        assertEquals("127.0.0.1", trunk.outbound().destinations().get(0).address().host());
        assertEquals(5070, trunk.outbound().destinations().get(0).port());
        assertEquals(SipTrunk.Transport.UDP, trunk.outbound().destinations().get(0).transport());
        assertEquals("+15550100", trunk.numberRules().get(0).apply("5550100"));
    }

    @Test
    void didRunsTheDemoFlowWithMenuRecordingAndLogging() {
        String flowName = demo.phoneNumber("+15550100").orElseThrow().flow();
        JsonNode flow = demo.flow(flowName).orElseThrow().document();
        assertEquals("2019-10-30", flow.path("Version").asText());
        List<String> types = new ArrayList<>();
        flow.path("Actions").forEach(a -> types.add(a.path("Type").asText()));
        for (String type : List.of("UpdateFlowLoggingBehavior", "UpdateContactRecordingBehavior", "MessageParticipant",
                "GetParticipantInput", "Loop", "UpdateContactTargetQueue", "TransferContactToQueue",
                "DisconnectParticipant")) {
            assertTrue(types.contains(type), "demo flow lacks " + type);
        }
        JsonNode recording = action(flow, "UpdateContactRecordingBehavior").path("Parameters");
        assertEquals("[\"Agent\",\"Customer\"]", recording.path("RecordingBehavior").path("RecordedParticipants").toString());
        assertEquals("Enabled", action(flow, "UpdateFlowLoggingBehavior").path("Parameters").path("FlowLoggingBehavior").asText());
        for (String prompt : List.of("welcome", "menu", "goodbye", "hold-music")) {
            assertTrue(demo.prompt(prompt).isPresent(), "missing prompt " + prompt);
        }
    }

    @Test
    void agentsAsTheContractDescribes() {
        User alice = demo.user("alice").orElseThrow();
        assertEquals(List.of("Sales", "Support"), queuesOf(alice));
        assertEquals(User.PhoneType.SOFTPHONE, alice.phoneType());
        assertFalse(alice.autoAccept());
        assertEquals(10, alice.afterContactWorkTimeoutSeconds());

        User bob = demo.user("bob").orElseThrow();
        assertEquals(List.of("Support"), queuesOf(bob));
        assertEquals(User.PhoneType.SOFTPHONE, bob.phoneType());
        assertFalse(bob.autoAccept());
        assertEquals(10, bob.afterContactWorkTimeoutSeconds());

        User dana = demo.user("dana").orElseThrow();
        assertEquals(List.of("Sales"), queuesOf(dana));
        assertEquals(User.PhoneType.DESK, dana.phoneType());
        assertEquals("+15550199", dana.deskPhoneNumber().value());
        assertTrue(dana.autoAccept());

        assertEquals(List.of("CallCenterManager"), demo.user("sam").orElseThrow().securityProfiles());
        assertTrue(demo.user("admin").isPresent());
        for (User u : demo.users()) {
            assertTrue(PasswordHasher.verify(u.passwordHash(), "demo-password"), u.username());
        }
    }

    @Test
    void statusesHoursAndTurnUser() {
        List<String> statuses = demo.agentStatuses().stream().map(AgentStatus::name).toList();
        assertTrue(statuses.containsAll(List.of("Available", "Offline", "Lunch", "Training")));
        assertTrue(demo.hours("24x7").orElseThrow().isOpenAt(java.time.Instant.parse("2026-12-25T03:00:00Z")));
        assertEquals("turn-demo", demo.turnUsers().get(0).username());
        assertEquals("demo-password", demo.turnUsers().get(0).password());
        assertNull(demo.turnUsers().get(0).key());
    }

    private List<String> queuesOf(User user) {
        return demo.routingProfile(user.routingProfile()).orElseThrow().queues().stream()
                .map(q -> q.queue()).toList();
    }

    private static JsonNode action(JsonNode flow, String type) {
        for (JsonNode a : flow.path("Actions")) {
            if (a.path("Type").asText().equals(type)) {
                return a;
            }
        }
        throw new AssertionError("no " + type);
    }
}

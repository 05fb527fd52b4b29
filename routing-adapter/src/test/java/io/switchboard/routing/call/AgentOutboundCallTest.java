package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dana places an outbound call from her desk: her phone rings first with the customer's number, then the
 * customer is called from the Sales queue's caller ID, the default outbound whisper lets them straight through
 * to the bridge, and the record says OUTBOUND; bad numbers and unknown queues are refused. On the virtual loop.
 */
class AgentOutboundCallTest {

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final List<FakeLeg> dialled = new ArrayList<>();
    private final List<String> dialledNumbers = new ArrayList<>();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void start() throws Exception {
        LoadResult loaded = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance")));
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        center.useDialer(this::dial);
        settled(center.agents().login("dana"));
        settled(center.agents().setStatus("dana", "Available"));
    }

    @AfterEach
    void stop() {
        center.close();
    }

    private CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                         CallLegListener listener) {
        FakeLeg leg = new FakeLeg(number);
        leg.setListener(listener);
        dialled.add(leg);
        dialledNumbers.add(trunk + " " + number + " as " + callerId);
        return leg;
    }

    private <T> T settled(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private AgentState dana() throws Exception {
        return settled(center.agents().snapshot("dana")).state();
    }

    private List<JsonNode> records() throws Exception {
        Path ctr = dir.resolve("data").resolve("streams").resolve("ctr");
        if (!Files.isDirectory(ctr)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ctr)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(json.readTree(line));
                    }
                }
            }
        }
        return out;
    }

    private static AgentRequestException.Reason refusal(CompletableFuture<?> result) {
        try {
            result.get(0, TimeUnit.MILLISECONDS);
            throw new AssertionError("not refused");
        } catch (ExecutionException e) {
            return ((AgentRequestException) e.getCause()).reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void danasPhoneRingsFirstThenTheCustomerThenTheyAreBridgedAndTheRecordSaysOutbound() throws Exception {
        String contact = settled(center.agents().outbound("dana", "+15550142", null));
        assertEquals(List.of("demo-trunk +15550199 as +15550142"), dialledNumbers, "her phone first, showing whom");
        assertEquals(AgentState.PENDING, dana());

        loop.advance(Duration.ofSeconds(2));
        dialled.get(0).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> dialled.size() == 2, "the customer is dialled once dana answered");
        assertEquals("demo-trunk +15550142 as +15550100", dialledNumbers.get(1), "Sales' caller ID, her default queue");
        assertEquals(AgentState.BUSY, dana());
        assertTrue(relay.bridges.isEmpty(), "not bridged while the customer rings");

        loop.advance(Duration.ofSeconds(3));
        dialled.get(1).listener.onAnswered("v=0 customer");
        Eventually.await(loop, () -> !relay.bridges.isEmpty(), "bridged after the (empty) outbound whisper");
        EndpointId agentSide = relay.bridges.get(0).get(1);
        EndpointId customerSide = relay.bridges.get(0).get(0);
        assertFalse(agentSide.equals(customerSide));

        loop.advance(Duration.ofSeconds(20));
        dialled.get(1).listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> dialled.get(0).hungUp, "dana's phone is hung up");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana());
        Eventually.await(loop, () -> {
            try {
                return !records().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the record is written");
        JsonNode ctr = records().get(0);
        assertEquals(contact, ctr.get("ContactId").asText());
        assertEquals("OUTBOUND", ctr.get("InitiationMethod").asText());
        assertEquals("+15550142", ctr.get("CustomerEndpoint").get("Address").asText());
        assertEquals("+15550100", ctr.get("SystemEndpoint").get("Address").asText());
        assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals("dana", ctr.get("Agent").get("Username").asText());
        JsonNode queue = ctr.get("Queue");
        assertEquals("Sales", queue.get("Name").asText(), "the queue the call was placed from: " + ctr);
        assertTrue(queue.get("ARN").asText().startsWith("arn:"), "the queue's ARN: " + queue);
        assertEquals(0, queue.get("Duration").asInt(), "an outbound call does not wait");
        assertEquals(ctr.get("InitiationTimestamp"), queue.get("EnqueueTimestamp"));
        assertTrue(relay.destroyed.containsAll(List.of(agentSide, customerSide)), "both endpoints are freed");
    }

    @Test
    void aCustomerWhoDoesNotAnswerEndsTheContactAndDanaGoesToAfterContactWork() throws Exception {
        settled(center.agents().outbound("dana", "+15550142", "Sales"));
        dialled.get(0).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> dialled.size() == 2, "the customer is dialled");
        dialled.get(1).listener.onFailed(486, "Busy Here");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        Eventually.await(loop, () -> dialled.get(0).hungUp, "dana's phone is hung up");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana());
        assertTrue(relay.bridges.isEmpty(), "never bridged");
    }

    @Test
    void danasPhoneNotAnsweringEndsTheContactWithoutCallingTheCustomer() throws Exception {
        settled(center.agents().outbound("dana", "+15550142", null));
        loop.advance(AgentRouting.OFFER_TIME);
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        assertEquals(1, dialled.size(), "the customer is never dialled");
        assertEquals(AgentState.AVAILABLE, dana(), "her own call: not a missed offer");
    }

    @Test
    void badNumbersAndQueuesAreRefusedAsInvalidRequests() throws Exception {
        CompletableFuture<String> local = center.agents().outbound("dana", "5550142", null);
        CompletableFuture<String> letters = center.agents().outbound("dana", "+1555CALLME", null);
        CompletableFuture<String> queue = center.agents().outbound("dana", "+15550142", "Nowhere");
        loop.runPending();
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, refusal(local));
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, refusal(letters));
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, refusal(queue));
        CompletableFuture<String> softphone = center.agents().outbound("bob", "+15550142", null);
        loop.runPending();
        assertEquals(AgentRequestException.Reason.NOT_LOGGED_IN, refusal(softphone));
        assertTrue(dialled.isEmpty(), "nothing dialled");
    }
}

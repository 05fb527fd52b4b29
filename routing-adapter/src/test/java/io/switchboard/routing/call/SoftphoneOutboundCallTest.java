package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.api.AgentView;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's softphone agent alice places outbound calls from her panel: what she types is read as E.164 by the
 * instance's default country, the customer is dialled from her default outbound queue's caller ID while her
 * panel shows the contact connecting, the customer's answer bridges them to her persistent endpoint after the
 * outbound whisper, and the record says OUTBOUND; a customer not reached or her hang-up while it rings puts her
 * in After Contact Work. On the virtual loop.
 */
class SoftphoneOutboundCallTest {

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<FakeLeg> dialled = new ArrayList<>();
    private final List<String> dialledNumbers = new ArrayList<>();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private ContactCenter center;
    private AgentDesk desk;

    private void start(String country) throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        if (country != null) {
            Path yaml = instance.resolve("instance.yaml");
            Files.writeString(yaml, Files.readString(yaml) + "\ndefaultCountry: " + country + "\n");
        }
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, new MediaEventInlet());
        center.useDialer(this::dial);
        desk = center.agents();
        settled(desk.login("alice"));
        settled(desk.setStatus("alice", "Available"));
    }

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    private CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                         CallLegListener listener) {
        FakeLeg leg = new FakeLeg(number);
        leg.setListener(listener);
        dialled.add(leg);
        dialledNumbers.add(trunk + " " + number + " as " + callerId);
        return leg;
    }

    private <T> T settled(CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private AgentRequestException refusal(CompletionStage<?> stage) {
        loop.runPending();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS));
        return (AgentRequestException) e.getCause();
    }

    private AgentState alice() throws Exception {
        return settled(desk.snapshot("alice")).state();
    }

    /** Alice's panel connects and offers media; returns her endpoint. */
    private EndpointId panel() throws Exception {
        desk.softphoneOpened("alice", "c1");
        settled(desk.softphoneOffer("alice", "c1", "v=0 browser"));
        return relay.created.get(relay.created.size() - 1);
    }

    private List<JsonNode> records() throws Exception {
        Path file = dir.resolve("data/streams/ctr/2024-07-10.jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(mapper.readTree(line));
            }
        }
        return out;
    }

    private JsonNode record() {
        Eventually.await(loop, () -> {
            try {
                return !records().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the record is written");
        try {
            return records().get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNationalNumberIsDialledFromTheDefaultQueueAndTheAnswerBridgesItToHerSoftphone() throws Exception {
        start(null);
        EndpointId media = panel();
        String contact = settled(desk.outbound("alice", "(555) 014-2000", null));
        Eventually.await(loop, () -> dialled.size() == 1, "the customer is dialled at once");
        assertEquals("demo-trunk +15550142000 as +15550100", dialledNumbers.get(0),
                "read as a US number, called from Sales' caller ID (her default outbound queue)");
        AgentView.ContactView connecting = settled(desk.view("alice")).contact().orElseThrow();
        assertEquals(contact, connecting.contactId());
        assertEquals("CONNECTING", connecting.state());
        assertEquals("OUTBOUND", connecting.initiationMethod());
        assertEquals("+15550142000", connecting.customerNumber(), "whom she calls, not the caller ID");
        assertEquals(AgentState.PENDING, alice());
        assertTrue(relay.bridges.isEmpty(), "not bridged while the customer rings");
        assertTrue(relay.journal.contains("play " + media + " Ringback.wav looped"),
                "she hears ringback on her own endpoint while the customer rings: " + relay.journal);

        loop.advance(Duration.ofSeconds(4));
        dialled.get(0).listener.onAnswered("v=0 customer");
        Eventually.await(loop, () -> !relay.bridges.isEmpty(), "bridged after the (empty) outbound whisper");
        EndpointId customer = relay.bridges.get(0).get(0);
        int stop = relay.journal.indexOf("stop " + media);
        assertTrue(stop >= 0 && stop < relay.journal.indexOf("bridge " + customer + " " + media),
                "the ringback stops at the answer, before the bridge: " + relay.journal);
        assertEquals(List.of(customer, media), relay.bridges.get(0), "to her persistent endpoint");
        assertEquals(AgentState.BUSY, alice());
        assertEquals("CONNECTED", settled(desk.view("alice")).contact().orElseThrow().state());

        assertEquals(AgentState.ON_HOLD, settled(desk.hold("alice")).state());
        assertEquals(AgentState.BUSY, settled(desk.resume("alice")).state());
        loop.advance(Duration.ofSeconds(30));
        dialled.get(0).listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        assertEquals(AgentState.AFTER_CONTACT_WORK, alice());
        JsonNode ctr = record();
        assertEquals(contact, ctr.get("ContactId").asText());
        assertEquals("OUTBOUND", ctr.get("InitiationMethod").asText());
        assertEquals("+15550142000", ctr.get("CustomerEndpoint").get("Address").asText());
        assertEquals("+15550100", ctr.get("SystemEndpoint").get("Address").asText());
        assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals("alice", ctr.get("Agent").get("Username").asText());
        assertTrue(relay.destroyed.contains(customer), "the customer's endpoint is freed");
        assertFalse(relay.destroyed.contains(media), "her endpoint outlives the contact");
        assertEquals(AgentState.AVAILABLE, settled(desk.closeContact("alice", contact)).state());
    }

    @Test
    void aCustomerWhoIsNotReachedPutsHerInAfterContactWork() throws Exception {
        start(null);
        EndpointId media = panel();
        settled(desk.outbound("alice", "+15550142", "Support"));
        Eventually.await(loop, () -> dialled.size() == 1, "the customer is dialled");
        assertEquals("demo-trunk +15550142 as +15550100", dialledNumbers.get(0), "Support's caller ID");
        dialled.get(0).listener.onFailed(486, "Busy Here");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        assertTrue(relay.stops.contains(media), "her ringback stops when the customer is not reached");
        assertEquals(AgentState.AFTER_CONTACT_WORK, alice());
        assertEquals("ENDED", settled(desk.view("alice")).contact().orElseThrow().state());
        assertTrue(relay.bridges.isEmpty(), "never bridged");
        assertEquals("TELECOM_PROBLEM", record().get("DisconnectReason").asText());
    }

    @Test
    void herHangUpWhileItRingsCancelsTheCall() throws Exception {
        start(null);
        EndpointId media = panel();
        settled(desk.outbound("alice", "+15550142", null));
        Eventually.await(loop, () -> dialled.size() == 1, "the customer is dialled");
        loop.advance(Duration.ofSeconds(6));
        assertEquals(AgentState.AFTER_CONTACT_WORK, settled(desk.hangUp("alice")).state());
        Eventually.await(loop, () -> dialled.get(0).hungUp, "the ringing customer is cancelled");
        assertTrue(relay.stops.contains(media), "her ringback stops with the call");
        assertEquals("AGENT_DISCONNECT", record().get("DisconnectReason").asText());
        assertTrue(relay.bridges.isEmpty());
    }

    @Test
    void theInstancesDefaultCountryReadsNationalNumbers() throws Exception {
        start("GB");
        panel();
        settled(desk.outbound("alice", "020 7946 0000", null));
        Eventually.await(loop, () -> dialled.size() == 1, "the customer is dialled");
        assertEquals("demo-trunk +442079460000 as +15550100", dialledNumbers.get(0));
        assertEquals("GB", desk.defaultCountry());
    }

    @Test
    void numbersThatCannotBeReadNoMediaAndTheWrongStateAreRefusedAndDialNothing() throws Exception {
        start(null);
        AgentRequestException noMedia = refusal(desk.outbound("alice", "+15550142", null));
        assertEquals(AgentRequestException.Reason.NO_SOFTPHONE_MEDIA, noMedia.reason());
        panel();
        AgentRequestException local = refusal(desk.outbound("alice", "014-2000", null));
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, local.reason());
        assertTrue(local.getMessage().contains("area code"), local.getMessage());
        AgentRequestException letters = refusal(desk.outbound("alice", "1-800-FLOWERS", null));
        assertTrue(letters.getMessage().contains("letters"), letters.getMessage());
        AgentRequestException tooShort = refusal(desk.outbound("alice", "12", null));
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, tooShort.reason());
        assertTrue(tooShort.getMessage().contains("US numbers"), tooShort.getMessage());
        settled(desk.setStatus("alice", "Offline"));
        assertEquals(AgentRequestException.Reason.NO_CONTACT, refusal(desk.outbound("alice", "+15550142", null)).reason());
        settled(desk.setStatus("alice", "Available"));
        settled(desk.outbound("alice", "+15550142", null));
        assertEquals(AgentRequestException.Reason.ON_CONTACT, refusal(desk.outbound("alice", "+15550143", null)).reason());
        assertEquals(1, dialled.size(), "only the accepted call dialled");
    }
}

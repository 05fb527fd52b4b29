package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contact trace record of IVR contacts on the voice wiring (fake relay, fake legs, virtual loop): the
 * line in {@code streams/ctr/YYYY-MM-DD.jsonl} and the API's answer, field by field, in Amazon Connect's
 * names and formats, for a caller who hangs up, one the flow disconnects, one who abandons a queue and one
 * handed over to a third party.
 */
class ContactTraceOnLiveCallsTest {
    private static final String START = "2024-07-10T15:00:00Z";
    private final VirtualLoop loop = new VirtualLoop(Instant.parse(START));
    private final ObjectMapper mapper = new ObjectMapper();

    private static final String BYE = """
            {"Version": "2019-10-30", "StartAction": "hello", "Actions": [
             {"Identifier": "hello", "Type": "UpdateContactAttributes",
              "Parameters": {"Attributes": {"reason": "closed"}},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;
    private static final String HANDOVER = """
            {"Version": "2019-10-30", "StartAction": "dial", "Actions": [
             {"Identifier": "dial", "Type": "TransferParticipantToThirdParty",
              "Parameters": {"ThirdPartyPhoneNumber": "+15550199", "ContinueFlowExecution": "False"},
              "Transitions": {"Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;
    private final List<CallLegListener> dialled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        Files.writeString(instance.resolve("flows/bye.json"), BYE);
        Files.writeString(instance.resolve("flows/handover.json"), HANDOVER);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n", "phoneNumbers:\n"
                + "  - { number: \"+15550113\", flow: bye }\n  - { number: \"+15550112\", flow: handover }\n"));
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        assertEquals(List.of(), center.engine().library().problems());
        center.useDialer(this::dial);
        relay.created.clear();
        relay.plays.clear();
        relay.destroyed.clear();
    }

    @AfterEach
    void stop() {
        center.close();
    }

    private CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                         CallLegListener listener) {
        FakeLeg leg = new FakeLeg(number);
        leg.setListener(listener);
        dialled.add(listener);
        return leg;
    }

    private FakeLeg call(String did) {
        FakeLeg leg = new FakeLeg(did);
        center.callHandler().onIncomingCall(leg);
        Eventually.await(loop, () -> leg.answeredSdp != null, "the leg is answered");
        return leg;
    }

    private FakeRelay.Play awaitPlay(String fileName) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> plays(p, fileName)), fileName + " plays");
        return relay.plays.stream().filter(p -> plays(p, fileName)).findFirst().orElseThrow();
    }

    private static boolean plays(FakeRelay.Play p, String fileName) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(fileName);
    }

    private ContactId onlyContact() throws Exception {
        var live = center.liveContacts();
        loop.runPending();
        return live.get(0, TimeUnit.MILLISECONDS).get(0);
    }

    /** The one line of the day file, parsed; and the API gives the same record. */
    private JsonNode onlyRecord(ContactId contact) throws Exception {
        Path file = dir.resolve("data/streams/ctr/2024-07-10.jsonl");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), "one line per contact");
        JsonNode line = mapper.readTree(lines.get(0));
        var answer = center.contactRecord(contact);
        loop.runPending();
        String api = answer.get(0, TimeUnit.MILLISECONDS).orElseThrow();
        assertEquals(line, mapper.readTree(api), "the API answers the written record");
        assertEquals(contact.toString(), line.get("ContactId").asText());
        return line;
    }

    /** What every inbound IVR contact's record says. */
    private void assertInboundVoice(JsonNode ctr, String did) {
        assertEquals("000000000000", ctr.get("AWSAccountId").asText());
        assertEquals("2017-03-10", ctr.get("AWSContactTraceRecordFormatVersion").asText());
        assertEquals(ContactCenter.Options.DEFAULT_INSTANCE_ARN, ctr.get("InstanceARN").asText());
        assertEquals("VOICE", ctr.get("Channel").asText());
        assertEquals("INBOUND", ctr.get("InitiationMethod").asText());
        assertEquals(ctr.get("ContactId"), ctr.get("InitialContactId"));
        assertTrue(ctr.get("PreviousContactId").isNull());
        assertTrue(ctr.get("NextContactId").isNull());
        assertTrue(ctr.get("Agent").isNull(), "no agent yet");
        assertEquals(0, ctr.get("AgentConnectionAttempts").asInt());
        assertEquals("+15557654321", ctr.get("CustomerEndpoint").get("Address").asText());
        assertEquals("TELEPHONE_NUMBER", ctr.get("CustomerEndpoint").get("Type").asText());
        assertEquals(did, ctr.get("SystemEndpoint").get("Address").asText());
        assertEquals("TELEPHONE_NUMBER", ctr.get("SystemEndpoint").get("Type").asText());
        assertEquals(START, ctr.get("InitiationTimestamp").asText());
        assertEquals(START, ctr.get("ConnectedToSystemTimestamp").asText());
        for (String field : List.of("InitiationTimestamp", "ConnectedToSystemTimestamp", "DisconnectTimestamp",
                "LastUpdateTimestamp")) {
            assertTrue(ctr.get(field).asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                    field + " in whole seconds: " + ctr.get(field));
        }
    }

    @Test
    void callerWhoHangsUpDuringTheWelcome() throws Exception {
        FakeLeg leg = call("+15550100");
        awaitPlay("welcome.wav");
        ContactId contact = onlyContact();
        loop.advance(Duration.ofMillis(4_700));
        leg.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        JsonNode ctr = onlyRecord(contact);
        assertInboundVoice(ctr, "+15550100");
        assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals("2024-07-10T15:00:04Z", ctr.get("DisconnectTimestamp").asText(), "cut to whole seconds");
        assertTrue(ctr.get("Queue").isNull(), "never queued");
        assertTrue(ctr.get("TransferredToEndpoint").isNull());
        assertTrue(ctr.get("TransferCompletedTimestamp").isNull());
    }

    @Test
    void contactTheFlowDisconnectsIsWrittenBeforeTheCallerIsHungUp() throws Exception {
        FakeLeg leg = new FakeLeg("+15550113");
        center.callHandler().onIncomingCall(leg);
        Eventually.await(loop, () -> leg.hungUp, "the flow hangs up");
        ContactId contact = ContactId.parse(mapper.readTree(
                Files.readAllLines(dir.resolve("data/streams/ctr/2024-07-10.jsonl")).get(0)).get("ContactId").asText());
        JsonNode ctr = onlyRecord(contact);
        assertInboundVoice(ctr, "+15550113");
        assertEquals("CONTACT_FLOW_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals("closed", ctr.get("Attributes").get("reason").asText(), "the flow's attributes");
        assertEquals(START, ctr.get("DisconnectTimestamp").asText());
    }

    @Test
    void callerWhoAbandonsTheQueue() throws Exception {
        FakeLeg leg = call("+15550100");
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        ContactId contact = onlyContact();
        loop.advance(Duration.ofSeconds(2));
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav");
        events.onDtmf(menu.endpoint(), '2', DtmfSource.RFC4733);
        awaitPlay("hold-music.wav");
        Instant queued = center.queues().queueOf(contact).orElseThrow().since();
        loop.advance(Duration.ofSeconds(37));
        leg.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        JsonNode ctr = onlyRecord(contact);
        assertInboundVoice(ctr, "+15550100");
        assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
        JsonNode queue = ctr.get("Queue");
        assertEquals("Support", queue.get("Name").asText());
        assertTrue(queue.get("ARN").asText().contains("queue/"), "the queue's ARN: " + queue.get("ARN"));
        assertEquals(ContactTraceTimes.seconds(queued), queue.get("EnqueueTimestamp").asText());
        assertEquals(ctr.get("DisconnectTimestamp"), queue.get("DequeueTimestamp"), "left the queue by hanging up");
        long expected = Duration.between(Instant.parse(queue.get("EnqueueTimestamp").asText()),
                Instant.parse(queue.get("DequeueTimestamp").asText())).toSeconds();
        assertEquals(expected, queue.get("Duration").asLong());
        assertTrue(queue.get("Duration").isIntegralNumber(), "whole seconds");
        assertTrue(expected >= 37, "waited 37 s at least: " + expected);
    }

    @Test
    void callerHandedOverToAThirdParty() throws Exception {
        FakeLeg caller = new FakeLeg("+15550112");
        center.callHandler().onIncomingCall(caller);
        Eventually.await(loop, () -> !dialled.isEmpty(), "the third party is dialled");
        ContactId contact = onlyContact();
        loop.advance(Duration.ofSeconds(3));
        dialled.get(0).onAnswered("v=0 answer");
        Eventually.await(loop, () -> !relay.bridges.isEmpty(), "the endpoints are bridged");
        Instant bridged = loop.now();
        loop.advance(Duration.ofSeconds(20));
        dialled.get(0).onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends with the third party");
        assertTrue(caller.hungUp);
        JsonNode ctr = onlyRecord(contact);
        assertInboundVoice(ctr, "+15550112");
        assertEquals("THIRD_PARTY_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals("+15550199", ctr.get("TransferredToEndpoint").get("Address").asText());
        assertEquals("TELEPHONE_NUMBER", ctr.get("TransferredToEndpoint").get("Type").asText());
        assertEquals(ContactTraceTimes.seconds(bridged), ctr.get("TransferCompletedTimestamp").asText());
        assertFalse(ctr.get("Queue").isObject(), "never queued");
    }
}

package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.record.ContactTraceRecord;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contact trace record of a contact that reached an agent (the demo's desk-phone agent dana, Sales, ACW
 * 10 s), on the virtual loop: the Agent section's times, hold figures and After Contact Work, the attempts
 * that count missed offers, the record on disk before the caller's media is released and written again with
 * the ACW's end; and the record a restart writes for a contact a crash interrupted.
 */
class AgentContactRecordTest {

    private static final Instant START = Instant.parse("2024-07-10T15:00:00Z");
    private final VirtualLoop loop = new VirtualLoop(START);
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<FakeLeg> dialled = new ArrayList<>();
    @TempDir
    Path dir;
    private InstanceConfig config;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void start() throws Exception {
        LoadResult loaded = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance")));
        assertTrue(loaded.isValid(), loaded.problems().toString());
        config = loaded.config();
        center = open();
        settled(center.agents().login("dana"));
        settled(center.agents().setStatus("dana", "Available"));
    }

    private ContactCenter open() throws Exception {
        relay = new FakeRelay();
        events = new MediaEventInlet();
        ContactCenter opened = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), config, relay, events);
        opened.useDialer(this::dial);
        // The prompt preload's throw-away endpoint is not the caller's.
        relay.created.clear();
        relay.plays.clear();
        return opened;
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
        return leg;
    }

    private <T> T settled(CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private FakeRelay.Play awaitPlay(String file) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        return relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    private FakeLeg callSales() {
        FakeLeg caller = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(caller);
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav");
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
        return caller;
    }

    private Agent dana() {
        return center.roster().agent("dana").orElseThrow();
    }

    private List<JsonNode> lines() throws Exception {
        Path file = dir.resolve("data/streams/ctr/2024-07-10.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(mapper.readTree(line));
        }
        return out;
    }

    private ContactId onlyContact() throws Exception {
        return settled(center.liveContacts()).get(0);
    }

    @Test
    void missedThenAnsweredHeldTwiceThenAfterContactWork() throws Exception {
        FakeLeg caller = callSales();
        Eventually.await(loop, () -> dialled.size() == 1, "dana's phone rings");
        ContactId contact = onlyContact();
        loop.advance(AgentRouting.OFFER_TIME);
        assertEquals(AgentState.MISSED, dana().state());
        settled(center.agents().setStatus("dana", "Available"));
        Eventually.await(loop, () -> dialled.size() == 2, "offered again");
        loop.advance(Duration.ofSeconds(2));
        dialled.get(1).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> dana().state() == AgentState.BUSY, "dana talks");
        Instant connected = loop.now();
        Whispers.playOut(loop, relay, events);
        EndpointId customer = relay.created.get(0);

        EndpointId phone = relay.created.get(relay.created.size() - 1);
        loop.advance(Duration.ofSeconds(30));
        assertEquals(AgentState.ON_HOLD, settled(center.agents().hold("dana")).state());
        Eventually.await(loop, () -> relay.unbridged.contains(customer), "the caller is unbridged");
        FakeRelay.Play music = awaitPlay("CustomerHold.wav");
        assertEquals(customer, music.endpoint(), "the caller hears the hold flow");
        loop.advance(Duration.ofSeconds(5));
        assertEquals(AgentState.BUSY, settled(center.agents().resume("dana")).state());
        Eventually.await(loop, () -> relay.bridges.size() == 2, "bridged again");
        assertEquals(List.of(customer, phone), relay.bridges.get(1));
        loop.advance(Duration.ofSeconds(10));
        settled(center.agents().hold("dana"));
        loop.advance(Duration.ofSeconds(3));
        settled(center.agents().resume("dana"));
        loop.advance(Duration.ofSeconds(7));
        Instant hangUp = loop.now();
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        assertTrue(relay.destroyed.contains(customer), "the caller's endpoint is freed after the record");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana().state());

        List<JsonNode> first = lines();
        assertEquals(1, first.size(), "written at the disconnect");
        JsonNode atEnd = first.get(0);
        assertEquals(contact.toString(), atEnd.get("ContactId").asText());
        assertEquals(2, atEnd.get("AgentConnectionAttempts").asInt(), "the missed offer and the answered one");
        JsonNode agent = atEnd.get("Agent");
        assertEquals("dana", agent.get("Username").asText());
        assertTrue(agent.get("ARN").asText().contains(":instance/") && agent.get("ARN").asText().contains("/agent/"),
                agent.get("ARN").asText());
        assertEquals(ContactTraceTimes.seconds(connected), agent.get("ConnectedToAgentTimestamp").asText());
        assertEquals(2, agent.get("NumberOfHolds").asInt());
        assertEquals(8, agent.get("CustomerHoldDuration").asLong());
        assertEquals(5, agent.get("LongestHoldDuration").asLong());
        long talked = Duration.between(Instant.parse(ContactTraceTimes.seconds(connected)),
                Instant.parse(ContactTraceTimes.seconds(hangUp))).toSeconds() - 8;
        assertEquals(talked, agent.get("AgentInteractionDuration").asLong(), "connected time less the holds");
        assertEquals(ContactTraceTimes.seconds(hangUp), agent.get("AfterContactWorkStartTimestamp").asText());
        assertTrue(agent.get("AfterContactWorkEndTimestamp").isNull(), "ACW still on");
        assertTrue(agent.get("AfterContactWorkDuration").isNull());
        assertTrue(agent.get("RoutingProfile").get("Name").isTextual());
        assertTrue(agent.get("RoutingProfile").get("ARN").asText().contains("routing-profile"),
                agent.get("RoutingProfile").toString());
        assertEquals("Sales", atEnd.get("Queue").get("Name").asText());
        assertEquals(ContactTraceTimes.seconds(connected), atEnd.get("Queue").get("DequeueTimestamp").asText(),
                "dequeued when dana answered");
        assertEquals("CUSTOMER_DISCONNECT", atEnd.get("DisconnectReason").asText());
        assertTrue(atEnd.get("Tags").isEmpty());

        loop.advance(Duration.ofSeconds(10));
        assertEquals(AgentState.AVAILABLE, dana().state(), "the ACW timeout closed the contact");
        List<JsonNode> all = lines();
        assertEquals(2, all.size(), "written again when the ACW ended");
        JsonNode complete = all.get(1);
        assertEquals(contact.toString(), complete.get("ContactId").asText());
        JsonNode done = complete.get("Agent");
        assertEquals(ContactTraceTimes.seconds(hangUp.plusSeconds(10)), done.get("AfterContactWorkEndTimestamp").asText());
        assertEquals(10, done.get("AfterContactWorkDuration").asLong());
        assertEquals(ContactTraceTimes.seconds(hangUp.plusSeconds(10)), complete.get("LastUpdateTimestamp").asText());
        assertEquals(atEnd.get("DisconnectTimestamp"), complete.get("DisconnectTimestamp"));
        String api = settled(center.contactRecord(contact)).orElseThrow();
        assertEquals(complete, mapper.readTree(api), "the API answers the latest version");
        assertEquals(1, settled(center.contactRecords(START, START.plusSeconds(3600), 10)).size(), "one per contact");
    }

    @Test
    void danaHangingUpFromHerDeskEndsTheContactAndClosingItReturnsHerToAvailable() throws Exception {
        FakeLeg caller = callSales();
        Eventually.await(loop, () -> dialled.size() == 1, "dana's phone rings");
        dialled.get(0).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> dana().state() == AgentState.BUSY, "dana talks");
        Whispers.playOut(loop, relay, events);
        loop.advance(Duration.ofSeconds(12));
        var refused = center.agents().resume("dana");
        loop.runPending();
        assertTrue(refused.isCompletedExceptionally(), "nothing to resume");
        settled(center.agents().hangUp("dana"));
        Eventually.await(loop, () -> caller.hungUp, "the caller gets a BYE");
        assertTrue(dialled.get(0).hungUp, "dana's phone gets a BYE");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana().state());
        loop.advance(Duration.ofSeconds(4));
        assertEquals(AgentState.AVAILABLE, settled(center.agents().closeContact("dana")).state(),
                "closing the contact returns dana to Available");
        JsonNode ctr = lines().get(0);
        assertEquals("AGENT_DISCONNECT", ctr.get("DisconnectReason").asText());
        assertEquals(1, ctr.get("AgentConnectionAttempts").asInt());
        assertEquals(12, ctr.get("Agent").get("AgentInteractionDuration").asLong());
        assertEquals(0, ctr.get("Agent").get("NumberOfHolds").asInt());
        JsonNode closed = lines().get(1);
        assertEquals(4, closed.get("Agent").get("AfterContactWorkDuration").asLong(), "closed after 4 s");
    }

    @Test
    void aContactInProgressAtACrashGetsAnInterruptedRecordAtRestart() throws Exception {
        callSales();
        Eventually.await(loop, () -> dialled.size() == 1, "dana's phone rings");
        ContactId contact = onlyContact();
        loop.advance(Duration.ofSeconds(4));
        // A crash: nothing closes; the next start finds the store as the process left it.
        ContactCenter restarted = open();
        try {
            List<JsonNode> all = lines();
            assertEquals(1, all.size());
            JsonNode ctr = all.get(0);
            assertEquals(contact.toString(), ctr.get("ContactId").asText());
            assertEquals("true", ctr.get("Tags").get(ContactTraceRecord.INTERRUPTED_TAG).asText());
            assertEquals("OTHER", ctr.get("DisconnectReason").asText());
            assertEquals("Sales", ctr.get("Queue").get("Name").asText());
            assertTrue(ctr.get("Queue").get("DequeueTimestamp").isTextual());
            assertEquals("+15550100", ctr.get("SystemEndpoint").get("Address").asText());
            assertEquals(ctr, mapper.readTree(restarted.contactRecord(contact).get(1, TimeUnit.SECONDS).orElseThrow()));
            assertEquals(0, restarted.recordStore().count("contact_in_flight").get(1, TimeUnit.SECONDS));
        } finally {
            restarted.close();
        }
        ContactCenter again = open();
        try {
            assertEquals(1, lines().size(), "recorded once, not at every start");
        } finally {
            again.close();
        }
    }
}

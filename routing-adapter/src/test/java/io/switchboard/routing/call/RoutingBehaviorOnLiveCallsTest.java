package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.metrics.AgentFigures;
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
 * UpdateContactRoutingBehavior on live calls, with the demo's desk-phone agent dana (Sales): a caller whose
 * flow set QueuePriority 1 is offered before one who waited longer at the default priority, and keeps that
 * priority when dana misses the offer; the queue's agent figures flows read are dana's. Virtual loop.
 */
class RoutingBehaviorOnLiveCallsTest {

    private static final String PRIORITY = """
            {"Version": "2019-10-30", "StartAction": "priority", "Actions": [
             {"Identifier": "priority", "Type": "UpdateContactRoutingBehavior",
              "Parameters": {"QueuePriority": "1"},
              "Transitions": {"NextAction": "queue", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "Sales"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
                {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    private static final String TO_DANA = """
            {"Version": "2019-10-30", "StartAction": "agent", "Actions": [
             {"Identifier": "agent", "Type": "UpdateContactTargetQueue", "Parameters": {"AgentId": "dana"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToAgent", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    /** Sales, with a queue flow that moves the caller to Support once (an attribute remembers it). */
    private static final String SALES_THEN_SUPPORT = """
            {"Version": "2019-10-30", "StartAction": "hooks", "Actions": [
             {"Identifier": "hooks", "Type": "UpdateContactEventHooks",
              "Parameters": {"EventHooks": {"CustomerQueue": "move-once"}},
              "Transitions": {"NextAction": "queue", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "Sales"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
                {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;
    private static final String MOVE_ONCE = """
            {"Version": "2019-10-30", "StartAction": "moved", "Actions": [
             {"Identifier": "moved", "Type": "Compare", "Parameters": {"ComparisonValue": "$.Attributes.moved"},
              "Transitions": {"Conditions": [{"NextAction": "wait", "Condition": {"Operator": "Equals", "Operands": ["yes"]}}],
                "Errors": [{"NextAction": "mark", "ErrorType": "NoMatchingCondition"}]}},
             {"Identifier": "mark", "Type": "UpdateContactAttributes", "Parameters": {"Attributes": {"moved": "yes"}},
              "Transitions": {"NextAction": "wait", "Errors": [{"NextAction": "wait", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "wait", "Type": "Wait", "Parameters": {"TimeoutSeconds": "10"},
              "Transitions": {"NextAction": "move", "Errors": [{"NextAction": "move", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "move", "Type": "DequeueContactAndTransferToQueue", "Parameters": {"QueueId": "Support"},
              "Transitions": {"NextAction": "wait", "Errors": [{"NextAction": "wait", "ErrorType": "QueueAtCapacity"},
                {"NextAction": "wait", "ErrorType": "NoMatchingError"}]}}]}
            """;

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final List<FakeLeg> dialled = new ArrayList<>();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void start() throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        Files.writeString(instance.resolve("flows/priority.json"), PRIORITY);
        Files.writeString(instance.resolve("flows/to-dana.json"), TO_DANA);
        Files.writeString(instance.resolve("flows/sales-then-support.json"), SALES_THEN_SUPPORT);
        Files.writeString(instance.resolve("flows/move-once.json"), MOVE_ONCE);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                "phoneNumbers:\n  - { number: \"+15550114\", flow: priority }\n  - { number: \"+15550115\", flow: to-dana }\n  - { number: \"+15550116\", flow: sales-then-support }\n"));
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
        settled(center.agents().login("dana"));
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

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    private void callSales() {
        FakeLeg caller = new FakeLeg("+15550100");
        int before = relay.plays.size();
        center.callHandler().onIncomingCall(caller);
        Eventually.await(loop, () -> relay.plays.stream().skip(before).anyMatch(p -> plays(p, "welcome.wav")), "welcome");
        FakeRelay.Play welcome = relay.plays.stream().skip(before).filter(p -> plays(p, "welcome.wav")).findFirst().orElseThrow();
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        Eventually.await(loop, () -> relay.plays.stream().skip(before).anyMatch(p -> plays(p, "menu.wav")), "menu");
        FakeRelay.Play menu = relay.plays.stream().skip(before).filter(p -> plays(p, "menu.wav")).findFirst().orElseThrow();
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
    }

    private String offeredContact() throws Exception {
        return settled(center.agents().snapshot("dana")).contact().orElseThrow().contactId();
    }

    private QueueMetrics sales() throws Exception {
        return settled(center.queues().metrics(new QueueRef("Sales", "arn:queue/Sales", null)));
    }

    @Test
    void aPriorityCallerIsOfferedFirstAndKeepsItsPriorityAfterAMissedOffer() throws Exception {
        assertEquals(0, sales().agentsAvailable(), "dana is logged in but not Available yet");
        callSales();
        Eventually.await(loop, () -> center.queues().size("Sales") == 1, "the first caller waits in Sales");
        ContactId first = center.queues().queueOf(settled(center.liveContacts()).get(0)).isPresent()
                ? settled(center.liveContacts()).get(0) : null;
        loop.advance(Duration.ofSeconds(30));
        FakeLeg vip = new FakeLeg("+15550114");
        center.callHandler().onIncomingCall(vip);
        Eventually.await(loop, () -> center.queues().size("Sales") == 2, "the priority caller waits too");
        ContactId priority = settled(center.liveContacts()).stream().filter(c -> !c.equals(first)).findFirst().orElseThrow();
        assertEquals(1, center.queues().queueOf(priority).orElseThrow().priority());
        assertEquals(2, sales().contactsInQueue());
        assertEquals(center.queues().queueOf(first).orElseThrow().since(),
                center.figures().oldestContactSince("Sales").orElseThrow(), "the oldest is the first caller");

        settled(center.agents().setStatus("dana", "Available"));
        Eventually.await(loop, () -> dialled.size() == 1, "dana's phone rings");
        assertEquals(priority.toString(), offeredContact(), "priority 1 first, though the other waited longer");
        loop.advance(AgentRouting.OFFER_TIME);
        assertEquals(AgentState.MISSED, settled(center.agents().snapshot("dana")).state());
        assertEquals(1, sales().agentsMissed());
        assertEquals(1, sales().agentsStaffed());
        assertEquals(0, sales().agentsAvailable());
        assertEquals(1, center.agentFigures().queueAgents("Sales", AgentFigures.Figure.STAFFED), "/metrics agrees");
        assertEquals(0, center.agentFigures().queueAgents("Sales", AgentFigures.Figure.AVAILABLE));
        assertEquals(0, center.agentFigures().queueAgents("Support", AgentFigures.Figure.ONLINE), "dana serves Sales only");

        settled(center.agents().setStatus("dana", "Available"));
        assertEquals(1, sales().agentsOnline());
        Eventually.await(loop, () -> dialled.size() == 2, "offered again");
        assertEquals(priority.toString(), offeredContact(), "the missed offer kept the priority");
        assertEquals(1, sales().agentsStaffed());
        dialled.get(1).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> center.figures().queueContacts("Sales") == 1, "the priority caller left the queue");
        assertEquals(center.queues().queueOf(first).orElseThrow().since(),
                center.figures().oldestContactSince("Sales").orElseThrow());
        assertEquals(1, center.agentFigures().queueAgents("Sales", AgentFigures.Figure.ON_CONTACT));
    }

    @Test
    void aTransferToDanaWaitsInHerQueueAndSheTakesItBeforeHerProfilesQueues() throws Exception {
        FakeLeg vip = new FakeLeg("+15550114");
        center.callHandler().onIncomingCall(vip);
        Eventually.await(loop, () -> center.queues().size("Sales") == 1, "a priority caller waits in Sales");
        ContactId sales = settled(center.liveContacts()).get(0);
        loop.advance(Duration.ofSeconds(60));
        FakeLeg forDana = new FakeLeg("+15550115");
        center.callHandler().onIncomingCall(forDana);
        Eventually.await(loop, () -> center.queues().size("agent/dana") == 1, "the transfer waits in dana's queue");
        ContactId transferred = settled(center.liveContacts()).stream().filter(c -> !c.equals(sales)).findFirst()
                .orElseThrow();
        settled(center.agents().setStatus("dana", "Available"));
        Eventually.await(loop, () -> dialled.size() == 1, "dana's phone rings");
        assertEquals(transferred.toString(), offeredContact(), "her own queue first");
        dialled.get(0).listener.onAnswered("v=0 dana");
        Eventually.await(loop, () -> center.queues().size("agent/dana") == 0, "taken");
        assertEquals(AgentState.BUSY, settled(center.agents().snapshot("dana")).state());
        assertEquals(1, center.queues().size("Sales"), "the Sales caller still waits");
    }

    @Test
    void theQueueFlowMovesTheCallerToAnotherQueue() throws Exception {
        FakeLeg caller = new FakeLeg("+15550116");
        center.callHandler().onIncomingCall(caller);
        Eventually.await(loop, () -> center.queues().size("Sales") == 1, "the caller waits in Sales");
        ContactId contact = settled(center.liveContacts()).get(0);
        loop.advance(Duration.ofSeconds(9));
        assertEquals("Sales", center.queues().queueOf(contact).orElseThrow().queue(), "still in Sales before 10 s");
        loop.advance(Duration.ofSeconds(1));
        Eventually.await(loop, () -> center.queues().size("Support") == 1, "moved to Support");
        assertEquals(0, center.queues().size("Sales"));
        Instant moved = center.queues().queueOf(contact).orElseThrow().since();
        loop.advance(Duration.ofSeconds(30));
        assertEquals("Support", center.queues().queueOf(contact).orElseThrow().queue(), "moved once only");
        assertEquals(moved, center.queues().queueOf(contact).orElseThrow().since());
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        String ctr = java.nio.file.Files.readAllLines(dir.resolve("data/streams/ctr/2024-07-10.jsonl")).get(0);
        assertTrue(ctr.contains("\"Name\":\"Support\""), "the record names the last queue: " + ctr);
    }
}

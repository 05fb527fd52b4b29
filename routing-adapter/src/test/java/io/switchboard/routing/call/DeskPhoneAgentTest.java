package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's desk-phone agent dana (Sales, auto-accept, ACW 10 s) takes a caller who pressed 1: the router
 * offers the contact, the edge dials her phone through the demo trunk, her answer bridges the caller to it,
 * and the caller's hang-up puts her in After Contact Work, then back to Available; a phone that does not
 * answer makes the offer missed and the caller keeps their place. On the virtual loop.
 */
class DeskPhoneAgentTest {

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
        relay.created.clear();
        relay.plays.clear();
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

    private void await(BooleanSupplier condition, String what) {
        Eventually.await(loop, condition, what);
    }

    private <T> T settled(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private AgentState dana() throws Exception {
        return settled(center.agents().snapshot("dana")).state();
    }

    private FakeRelay.Play awaitPlay(String file) {
        await(() -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        return relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    /** Calls the demo DID, lets the welcome end and presses 1 (Sales) during the menu. */
    private FakeLeg callSales() {
        FakeLeg caller = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(caller);
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav");
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
        return caller;
    }

    @Test
    void danasPhoneRingsAnswersIsBridgedThenAfterContactWorkThenAvailable() throws Exception {
        FakeLeg caller = callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        assertEquals(List.of("demo-trunk +15550199 as +15550100"), dialledNumbers);
        assertEquals(AgentState.PENDING, dana());
        EndpointId customer = relay.created.get(0);
        EndpointId agent = relay.created.get(relay.created.size() - 1);

        dialled.get(0).listener.onAnswered("v=0 dana");
        Whispers.playOut(loop, relay, events);
        await(() -> !relay.bridges.isEmpty(), "the caller is bridged to dana");
        assertEquals(List.of(customer, agent), relay.bridges.get(0));
        assertEquals(AgentState.BUSY, dana());
        assertEquals(0, center.queues().size("Sales"), "dequeued once connected");

        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> dialled.get(0).hungUp, "dana's phone is hung up");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana());
        loop.advance(Duration.ofMillis(9_999));
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana(), "ACW lasts dana's 10 s");
        loop.advance(Duration.ofMillis(1));
        assertEquals(AgentState.AVAILABLE, dana());
        assertTrue(relay.destroyed.containsAll(List.of(customer, agent)), "both endpoints are freed");
    }

    @Test
    void danasAnswerPlaysTheAgentWhisperToHerThenTheCustomerWhisperToTheCallerThenBridges() throws Exception {
        callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        EndpointId customer = relay.created.get(0);
        EndpointId agent = relay.created.get(relay.created.size() - 1);
        assertTrue(relay.plays.stream().anyMatch(p -> p.endpoint().equals(customer) && p.request().loop()),
                "the caller hears the queue flow while dana's phone rings");
        relay.stops.clear();

        dialled.get(0).listener.onAnswered("v=0 dana");
        await(() -> relay.plays.stream().anyMatch(p -> p.endpoint().equals(agent)), "a whisper plays to dana");
        FakeRelay.Play whisper = relay.plays.stream().filter(p -> p.endpoint().equals(agent)).findFirst().orElseThrow();
        assertTrue(Whispers.spoken(whisper, "Sales"), "the default agent whisper says the queue: " + whisper);
        assertTrue(relay.stops.contains(customer), "the customer queue flow stopped");
        assertEquals(AgentState.BUSY, dana(), "dana has the contact during the whispers");
        assertEquals(0, center.queues().size("Sales"));
        assertTrue(relay.plays.stream().noneMatch(Whispers::beep), "the customer whisper waits for the agent's");
        loop.advance(Duration.ofSeconds(30));
        assertTrue(relay.bridges.isEmpty(), "not bridged while the agent whisper plays");
        var held = center.agents().hold("dana");
        loop.runPending();
        assertTrue(held.isCompletedExceptionally(), "no hold before dana talks to the caller");

        events.onPlaybackDone(agent, whisper.id(), PlaybackOutcome.COMPLETED);
        await(() -> relay.plays.stream().anyMatch(Whispers::beep), "the customer whisper plays");
        FakeRelay.Play beep = relay.plays.stream().filter(Whispers::beep).findFirst().orElseThrow();
        assertEquals(customer, beep.endpoint(), "the customer whisper plays to the caller");
        loop.advance(Duration.ofSeconds(30));
        assertTrue(relay.bridges.isEmpty(), "not bridged while the customer whisper plays");

        events.onPlaybackDone(customer, beep.id(), PlaybackOutcome.COMPLETED);
        await(() -> !relay.bridges.isEmpty(), "bridged after both whispers");
        assertEquals(List.of(customer, agent), relay.bridges.get(0));
        assertEquals(AgentState.BUSY, dana());
    }

    @Test
    void danaHangingUpEndsTheContact() throws Exception {
        FakeLeg caller = callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        dialled.get(0).listener.onAnswered("v=0 dana");
        Whispers.playOut(loop, relay, events);
        await(() -> !relay.bridges.isEmpty(), "bridged");
        dialled.get(0).listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> caller.hungUp, "the caller gets a BYE");
        assertEquals(AgentState.AFTER_CONTACT_WORK, dana());
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
    }

    @Test
    void aPhoneThatDoesNotAnswerIsAMissedOfferAndTheCallerKeepsWaiting() throws Exception {
        FakeLeg caller = callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        loop.advance(AgentRouting.OFFER_TIME.minusMillis(1));
        assertEquals(AgentState.PENDING, dana(), "still ringing just before the offer time");
        loop.advance(Duration.ofMillis(1));
        assertTrue(dialled.get(0).hungUp, "the ringing phone is cancelled");
        assertEquals(AgentState.MISSED, dana());
        assertFalse(caller.hungUp, "the caller stays in the queue");
        assertEquals(1, center.queues().size("Sales"));
        settled(center.agents().setStatus("dana", "Available"));
        await(() -> dialled.size() == 2, "offered again once dana is Available");
    }

    @Test
    void aBusyPhoneIsAMissedOffer() throws Exception {
        callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        dialled.get(0).listener.onFailed(486, "Busy Here");
        loop.runPending();
        assertEquals(AgentState.MISSED, dana());
        assertEquals(1, center.queues().size("Sales"));
    }

    @Test
    void aCallerWhoHangsUpWhileDanasPhoneRingsLeavesHerAvailable() throws Exception {
        FakeLeg caller = callSales();
        await(() -> !dialled.isEmpty(), "dana's phone is dialled");
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> dialled.get(0).hungUp, "the ringing phone is cancelled");
        assertEquals(AgentState.AVAILABLE, dana(), "not a miss of hers");
    }
}

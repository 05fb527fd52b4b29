package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contact center over a fake relay and fake legs, with the real demo instance and the real engine
 * thread: what a caller of +15550100 gets, signal by signal.
 */
class ContactCenterTest {
    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));

    /** Runs the contact center's loop (and virtual time) until {@code condition} holds. */
    private void await(BooleanSupplier condition, String what) {
        Eventually.await(loop, condition, what);
    }

    /** Runs what is due on the loop, then takes the outcome, which must be there by then. */
    private <T> T settled(CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }


    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void start() throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay,
                events);
        // Forget the prompt preload's throw-away endpoint: the tests look at calls only.
        relay.created.clear();
        relay.plays.clear();
        relay.destroyed.clear();
    }

    @AfterEach
    void stop() {
        center.close();
    }

    private static boolean plays(FakeRelay.Play p, String fileName) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(fileName);
    }

    private FakeRelay.Play awaitPlay(String fileName, int after) throws InterruptedException {
        await(() -> relay.plays.stream().skip(after).anyMatch(p -> plays(p, fileName)), fileName + " plays");
        return relay.plays.stream().skip(after).filter(p -> plays(p, fileName)).findFirst().orElseThrow();
    }

    /** Calls the demo DID and waits for the welcome prompt; returns the leg. */
    private FakeLeg callDemo(String called) throws InterruptedException {
        FakeLeg leg = new FakeLeg(called);
        center.callHandler().onIncomingCall(leg);
        await(() -> leg.answeredSdp != null, "the leg is answered");
        return leg;
    }

    private ContactId onlyContact() throws Exception {
        return settled(center.liveContacts()).get(0);
    }

    @Test
    void demoFlowsAllPublish() {
        assertEquals(List.of(), center.engine().library().problems());
        assertTrue(center.engine().library().names().containsAll(List.of("demo-inbound", "demo-queue-hold",
                "demo-transfer-to-queue", "Default customer queue", "Default customer hold")));
    }

    @Test
    void unknownNumberIsRefusedWith404WithoutMediaAsAnUnauthorisedDestination() {
        FakeLeg leg = new FakeLeg("+15559999");
        center.callHandler().onIncomingCall(leg);
        loop.runPending();
        assertEquals(404, leg.rejectedWith);
        assertEquals("no phone number +15559999 in this instance (trunk demo-trunk)", leg.unauthorisedDestination,
                "the edge reports the refusal as a security event");
        assertEquals(List.of(), relay.offers);
        assertEquals(1, center.figures().callsRejected());
    }

    @Test
    void callIsAnsweredWithTheRelaysSdpAndHearsWelcome() throws Exception {
        FakeLeg leg = callDemo("+15550100");
        assertEquals(List.of(FakeLeg.OFFER), relay.offers);
        assertEquals(FakeRelay.ANSWER_SDP, leg.answeredSdp);
        FakeRelay.Play welcome = awaitPlay("welcome.wav", 0);
        assertEquals(relay.created.get(relay.created.size() - 1), welcome.endpoint());
        assertFalse(welcome.request().loop());
        assertFalse(welcome.request().stopOnDtmf(), "barge-in is the engine's decision");
    }

    @Test
    void trunkNumberRulesBringNationalNumbersToTheDid() throws Exception {
        callDemo("5550100");
        awaitPlay("welcome.wav", 0);
    }

    @Test
    void digitTwoDuringTheMenuQueuesInSupportWithHoldMusic() throws Exception {
        callDemo("+15550100");
        FakeRelay.Play welcome = awaitPlay("welcome.wav", 0);
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav", 0);
        int before = relay.plays.size();
        events.onDtmf(menu.endpoint(), '2', DtmfSource.RFC4733);
        FakeRelay.Play hold = awaitPlay("hold-music.wav", before);
        assertTrue(hold.request().loop(), "hold music loops");
        assertTrue(relay.stops.contains(menu.endpoint()), "the key stopped the menu prompt");
        ContactId contact = onlyContact();
        assertEquals("Support", center.queues().queueOf(contact).orElseThrow().queue());
    }

    @Test
    void callerHangingUpEndsTheContactAndFreesTheEndpoint() throws Exception {
        FakeLeg leg = callDemo("+15550100");
        FakeRelay.Play welcome = awaitPlay("welcome.wav", 0);
        leg.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.engine().activeContacts() == 0, "the contact ends");
        assertEquals(List.of(welcome.endpoint()), relay.destroyed);
        assertEquals(0, center.figures().callsActive());
        assertFalse(leg.hungUp, "the caller already left: no BYE back");
        assertEquals(1, center.figures().contactsEnded());
    }

    @Test
    void mediaTimeoutHangsUpTheCaller() throws Exception {
        FakeLeg leg = callDemo("+15550100");
        EndpointId endpoint = awaitPlay("welcome.wav", 0).endpoint();
        events.onMediaTimeout(endpoint);
        await(() -> center.engine().activeContacts() == 0, "the contact ends");
        assertTrue(leg.hungUp);
        assertEquals(List.of(endpoint), relay.destroyed);
    }

    @Test
    void drainingRefusesNewCallsWith503() {
        center.stopAccepting();
        FakeLeg leg = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(leg);
        loop.runPending();
        assertEquals(503, leg.rejectedWith);
        assertNull(leg.answeredSdp);
    }

    @Test
    void anOfferTheRelayRefusesIs488() {
        relay.answerFailure = new IllegalArgumentException("bad offer",
                new io.switchboard.media.api.OfferRejectedException("no common codec", null));
        FakeLeg leg = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(leg);
        loop.runPending();
        assertEquals(488, leg.rejectedWith);
        assertEquals(0, center.figures().callsActive());
    }

    @Test
    void hangUpAllSendsByeAndEndsEveryContact() throws Exception {
        FakeLeg leg = callDemo("+15550100");
        awaitPlay("welcome.wav", 0);
        center.hangUpAll();
        loop.runPending();
        assertTrue(leg.hungUp);
        assertEquals(0, center.figures().callsActive());
        await(() -> center.engine().activeContacts() == 0, "the contact ends");
    }

    @Test
    void drainWaitGivesUpAfterItsTimeWithTheCallsStillUp() throws Exception {
        callDemo("+15550100");
        // Nothing drives the loop meanwhile, so the call cannot end: the wait must end by its own deadline.
        assertEquals(1, center.awaitCallsEnded(Duration.ofMillis(20)));
    }

    @Test
    void anOfferNobodyCanAnswerIs500() {
        relay.answerFailure = new IllegalStateException("no port left");
        FakeLeg leg = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(leg);
        loop.runPending();
        assertEquals(500, leg.rejectedWith);
        assertEquals(1, center.figures().callsRejected());
    }
}

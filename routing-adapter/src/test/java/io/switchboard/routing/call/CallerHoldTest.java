package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.EndpointId;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller of the demo DID holding and resuming: each new offer updates the caller's relay endpoint and the
 * relay's answer is what the edge sends back; a bad offer is declined and the call stays up.
 */
class CallerHoldTest {
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

    private static final String HOLD = FakeLeg.OFFER + "a=sendonly\r\n";
    private static final String RESUME = FakeLeg.OFFER + "a=sendrecv\r\n";

    @TempDir
    Path dir;
    private FakeRelay relay;
    private ContactCenter center;
    private FakeLeg leg;
    private EndpointId caller;

    @BeforeEach
    void callTheDemo() throws Exception {
        LoadResult loaded = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance")));
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay,
                new MediaEventInlet());
        relay.created.clear();
        leg = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(leg);
        await(() -> leg.answeredSdp != null, "the leg is answered");
        caller = relay.created.get(0);
    }

    @AfterEach
    void stop() {
        center.close();
    }

    private String answer(String offer) throws Exception {
        return settled(leg.listener.onRemoteOffer(offer));
    }

    @Test
    void holdIsAnsweredRecvonlyByTheCallersEndpointAndResumeSendrecv() throws Exception {
        assertEquals(FakeRelay.ANSWER_SDP + "a=recvonly\r\n", answer(HOLD));
        assertEquals(FakeRelay.ANSWER_SDP + "a=sendrecv\r\n", answer(RESUME));
        assertEquals(List.of(new FakeRelay.Update(caller, HOLD), new FakeRelay.Update(caller, RESUME)),
                relay.updates);
        assertEquals(1, center.figures().callsActive());
        assertFalse(leg.hungUp);
    }

    @Test
    void anOfferTheRelayRefusesIsDeclinedAndTheCallGoesOn() throws Exception {
        relay.updating = offer -> CompletableFuture.failedFuture(new io.switchboard.media.api.OfferRejectedException("no m=audio line", null));
        assertNull(answer("v=0\r\nbroken\r\n"), "null: the edge answers 488");
        assertEquals(1, center.figures().callsActive());
        assertFalse(leg.hungUp);
        assertFalse(relay.destroyed.contains(caller), "the caller keeps its endpoint");
        relay.updating = offer -> CompletableFuture.completedFuture(FakeRelay.answerTo(offer));
        assertEquals(FakeRelay.ANSWER_SDP + "a=recvonly\r\n", answer(HOLD), "a good offer after a bad one is answered");
    }

    @Test
    void anyOtherRelayFailureFailsTheAnswer() {
        relay.updating = offer -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> answer(HOLD));
        assertTrue(e.getCause() instanceof IllegalArgumentException, "the edge answers 500: " + e.getCause());
        assertEquals(1, center.figures().callsActive());
    }

    @Test
    void offersReachTheRelayOneAtATimeInTheirOrder() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        relay.updating = offer -> offer.equals(HOLD) ? first : CompletableFuture.completedFuture(FakeRelay.answerTo(offer));
        CompletableFuture<String> hold = leg.listener.onRemoteOffer(HOLD).toCompletableFuture();
        CompletableFuture<String> resume = leg.listener.onRemoteOffer(RESUME).toCompletableFuture();
        loop.runPending();
        assertEquals(1, relay.updates.size(), "the resume waits for the hold's update");
        first.complete(FakeRelay.answerTo(HOLD));
        assertEquals(FakeRelay.answerTo(RESUME), settled(resume));
        assertEquals(FakeRelay.answerTo(HOLD), settled(hold));
        assertEquals(List.of(HOLD, RESUME), relay.updates.stream().map(FakeRelay.Update::offer).toList());
    }

    @Test
    void aWithdrawnOfferPutsTheSessionInForceBackOnTheEndpoint() throws Exception {
        answer(HOLD);
        leg.listener.onRemoteOfferWithdrawn(FakeLeg.OFFER);
        await(() -> relay.updates.size() == 2, "the relay gets the session in force again");
        assertEquals(new FakeRelay.Update(caller, FakeLeg.OFFER), relay.updates.get(1));
    }

    @Test
    void anOfferAfterTheCallEndedIsDeclinedWithoutTheRelay() throws Exception {
        leg.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().callsActive() == 0, "the call is released");
        assertNull(answer(HOLD));
        assertEquals(List.of(), relay.updates);
    }

    @Test
    void logLinesNameTheDirectionAndTheHoldAddress() {
        assertEquals("recvonly", LegRenegotiation.direction(FakeRelay.ANSWER_SDP + "a=recvonly\r\n"));
        assertEquals("inactive", LegRenegotiation.direction("v=0\na=inactive\n"));
        assertEquals("sendrecv", LegRenegotiation.direction(FakeRelay.ANSWER_SDP));
        assertEquals("sendrecv on 0.0.0.0", LegRenegotiation.describe(FakeLeg.OFFER.replace("127.0.0.1", "0.0.0.0")));
        assertEquals("sendonly", LegRenegotiation.describe(HOLD));
    }
}

package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.instance.BuiltInPrompts;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PromptItem;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TransferParticipantToThirdParty on the voice wiring, with the fake relay and a fake edge dialer: the
 * outbound leg's media, the bridge, DTMF after answer, and each branch (resume after the third party hangs
 * up, CallFailed, ConnectionTimeLimitExceeded, hand-over) with the teardown each one owes; what the caller
 * hears meanwhile (ringback, the far end's early media) and that it stops before whatever comes next.
 */
class ThirdPartyTransferTest {
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


    /** Resumes after disconnect; every outcome plays a different prompt so the branch taken is visible. */
    private static final String RESUMING = """
            {"Version": "2019-10-30", "StartAction": "dial", "Actions": [
             {"Identifier": "dial", "Type": "TransferParticipantToThirdParty",
              "Parameters": {"ThirdPartyPhoneNumber": "+15550199", "ThirdPartyConnectionTimeLimitSeconds": "%s",
                "ContinueFlowExecution": "True", "ThirdPartyDTMFDigits": "12,3"},
              "Transitions": {"NextAction": "after", "Errors": [
                {"NextAction": "failed", "ErrorType": "CallFailed"},
                {"NextAction": "timeout", "ErrorType": "ConnectionTimeLimitExceeded"},
                {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "after", "Type": "MessageParticipant", "Parameters": {"PromptId": "goodbye"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "failed", "Type": "MessageParticipant", "Parameters": {"PromptId": "menu"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "timeout", "Type": "MessageParticipant", "Parameters": {"PromptId": "hold-music"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;
    private static final String HANDOVER = """
            {"Version": "2019-10-30", "StartAction": "dial", "Actions": [
             {"Identifier": "dial", "Type": "TransferParticipantToThirdParty",
              "Parameters": {"ThirdPartyPhoneNumber": "+15550199", "ContinueFlowExecution": "False",
                "CallerId": {"Number": "+15550142", "Name": "Sales desk"}},
              "Transitions": {"Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    record Dialled(String trunk, String number, String callerId, String callerName, String sdp,
                   CallLegListener listener, FakeLeg leg) {
    }

    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;
    private final List<Dialled> dialled = new CopyOnWriteArrayList<>();

    private void start(String timeoutSeconds, boolean withDialer) throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        Files.writeString(instance.resolve("flows/transfer.json"), RESUMING.formatted(timeoutSeconds));
        Files.writeString(instance.resolve("flows/handover.json"), HANDOVER);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n", "phoneNumbers:\n"
                + "  - { number: \"+15550111\", flow: transfer }\n  - { number: \"+15550112\", flow: handover }\n"));
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        assertEquals(List.of(), center.engine().library().problems());
        if (withDialer) {
            center.useDialer(this::dial);
        }
        relay.created.clear();
        relay.plays.clear();
        relay.destroyed.clear();
        relay.offeredFor.clear();
        relay.journal.clear();
    }

    private CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                         CallLegListener listener) {
        FakeLeg leg = new FakeLeg(number);
        leg.setListener(listener);
        dialled.add(new Dialled(trunk, number, callerId, callerName, sdp, listener, leg));
        return leg;
    }

    @BeforeEach
    void clear() {
        dialled.clear();
    }

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    private boolean played(String fileName) {
        return relay.plays.stream().anyMatch(p -> p.request().items().get(0) instanceof PromptItem.WavFile wav
                && wav.path().endsWith(fileName));
    }

    /**
     * The relay's journal from the caller's point of view: plays and stops on the caller's endpoint, answers and
     * bridges, with endpoint ids written as "caller" and "third".
     */
    private List<String> heard() {
        String caller = relay.created.get(0).toString();
        String third = relay.created.size() > 1 ? relay.created.get(1).toString() : "none";
        return relay.journal.stream()
                .filter(e -> !e.startsWith("destroy") && !e.startsWith("unbridge"))
                .map(e -> e.replace(caller, "caller").replace(third, "third"))
                .toList();
    }

    private long ringbackPlays() {
        return relay.plays.stream().filter(p -> p.request().items().get(0) instanceof PromptItem.WavFile wav
                && wav.path().endsWith(BuiltInPrompts.RINGBACK)).count();
    }

    /** Calls {@code did}; returns the caller's leg once the transfer was dialled. */
    private FakeLeg callAndAwaitDial(String did) throws InterruptedException {
        FakeLeg caller = new FakeLeg(did);
        center.callHandler().onIncomingCall(caller);
        await(() -> !dialled.isEmpty(), "the third party is dialled");
        return caller;
    }

    @Test
    void answerBridgesSendsDigitsWithPausesAndTheFlowResumesWhenTheThirdPartyHangsUp() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        assertEquals("demo-trunk", d.trunk(), "the caller's trunk dials out");
        assertEquals("+15550199", d.number());
        assertEquals("+15550100", d.callerId(), "the trunk's caller ID when the flow sets none");
        assertEquals("Switchboard Demo", d.callerName(), "the trunk's caller name when the flow sets none");
        assertEquals(FakeRelay.ANSWER_SDP, d.sdp(), "the relay's offer goes out in the INVITE");
        assertEquals(List.of("call-1@test"), relay.offeredFor, "same call id as the caller: one media loop");
        EndpointId caller = relay.created.get(0);
        EndpointId third = relay.created.get(1);

        d.listener().onAnswered("v=0 answer");
        await(() -> !relay.bridges.isEmpty(), "the endpoints are bridged");
        assertEquals(List.of("v=0 answer"), relay.answersAccepted);
        assertEquals(List.of(caller, third), relay.bridges.get(0));
        await(() -> relay.digitsSent.size() == 1, "the first digit run is sent");
        assertEquals("12", relay.digitsSent.get(0));
        Instant sent = loop.now();
        events.onDigitsSent(third, "12");
        await(() -> relay.digitsSent.size() == 2, "the digits after the comma are sent");
        assertFalse(loop.now().isBefore(sent.plus(ThirdPartyLeg.COMMA_PAUSE)), "a comma pauses");
        assertEquals("3", relay.digitsSent.get(1));

        d.listener().onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> played("goodbye.wav"), "the flow resumes at NextAction");
        assertEquals(List.of(third), relay.unbridged);
        assertTrue(relay.destroyed.contains(third));
        assertFalse(relay.destroyed.contains(caller), "the caller stays until the flow disconnects");
    }

    @Test
    void thirdPartyHoldUpdatesItsOwnEndpointNotTheCallers() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        EndpointId third = relay.created.get(1);
        d.listener().onAnswered("v=0 answer");
        await(() -> !relay.bridges.isEmpty(), "the endpoints are bridged");
        String hold = FakeLeg.OFFER + "a=sendonly\r\n";
        String answer = settled(d.listener().onRemoteOffer(hold));
        assertEquals(FakeRelay.ANSWER_SDP + "a=recvonly\r\n", answer);
        assertEquals(List.of(new FakeRelay.Update(third, hold)), relay.updates);
        assertEquals(1, relay.bridges.size(), "the bridge stays while the third party holds");

        d.listener().onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> relay.destroyed.contains(third), "the outbound endpoint is freed");
        assertNull(settled(d.listener().onRemoteOffer(hold)),
                "no endpoint left to update: declined");
        assertEquals(1, relay.updates.size());
    }

    @Test
    void sipFailureTakesCallFailed() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        dialled.get(0).listener().onFailed(486, "Busy Here");
        await(() -> played("menu.wav"), "the CallFailed branch plays");
        assertTrue(relay.destroyed.contains(relay.created.get(1)), "the outbound endpoint is freed");
        assertEquals(List.of(), relay.bridges);
    }

    @Test
    void noAnswerInTimeTakesTheTimeoutBranchAndCancelsTheCall() throws Exception {
        start("1", true);
        callAndAwaitDial("+15550111");
        await(() -> played("hold-music.wav"), "the ConnectionTimeLimitExceeded branch plays");
        assertTrue(dialled.get(0).leg().hungUp, "the ringing call is cancelled");
        assertTrue(relay.destroyed.contains(relay.created.get(1)));
    }

    @Test
    void callerHangingUpDuringTheTransferHangsUpTheThirdParty() throws Exception {
        start("30", true);
        FakeLeg caller = callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        d.listener().onAnswered("v=0 answer");
        await(() -> !relay.bridges.isEmpty(), "the endpoints are bridged");
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
        assertTrue(d.leg().hungUp, "BYE to the third party");
        await(() -> relay.destroyed.containsAll(relay.created), "both endpoints are freed");
    }

    @Test
    void handedOverCallerLeavesWithTheThirdParty() throws Exception {
        start("30", true);
        FakeLeg caller = callAndAwaitDial("+15550112");
        Dialled d = dialled.get(0);
        assertEquals("+15550142", d.callerId(), "the flow's caller ID");
        assertEquals("Sales desk", d.callerName(), "the flow's caller name");
        d.listener().onAnswered("v=0 answer");
        await(() -> !relay.bridges.isEmpty(), "the endpoints are bridged");
        // Past the transfer's time limit and any timer of the block: a hand-over is for good.
        loop.advance(Duration.ofSeconds(60));
        assertFalse(caller.hungUp, "handed over: the caller stays bridged");
        assertEquals(0, center.figures().contactsEnded());
        d.listener().onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().contactsEnded() == 1, "the contact ends with the third party");
        assertTrue(caller.hungUp);
        assertEquals(0, center.figures().callsActive());
    }

    @Test
    void withoutTheEdgesDialerTheTransferFails() throws Exception {
        start("30", false);
        center.callHandler().onIncomingCall(new FakeLeg("+15550111"));
        await(() -> played("menu.wav"), "the CallFailed branch plays");
        assertEquals(List.of(), dialled);
        assertEquals(1, relay.created.size(), "no endpoint for a call never placed");
    }

    @Test
    void callerHearsRingbackFromRingingUntilTheAnswerIsBridged() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        d.listener().onRinging();
        await(() -> ringbackPlays() == 1, "the ringback tone plays");
        FakeRelay.Play tone = relay.plays.get(0);
        assertEquals(relay.created.get(0), tone.endpoint(), "to the caller");
        assertTrue(tone.request().loop(), "looped until stopped");

        d.listener().onAnswered("v=0 answer");
        await(() -> relay.stops.size() == 1, "the tone stops");
        // Bridged first: the tone mutes the bridge while it plays, so the caller hears no gap.
        assertEquals(List.of("play caller Ringback.wav looped", "accept third v=0 answer", "bridge caller third",
                "stop caller"), heard());
        await(() -> relay.digitsSent.size() == 1, "the digits go out");
        loop.advance(Duration.ofMillis(ThirdPartyLeg.RINGBACK_WITHOUT_PROGRESS.toMillis() + 200));
        assertEquals(1, ringbackPlays(), "the tone never starts again");
    }

    @Test
    void farEndThatSaysNothingGetsRingbackAfterAMoment() throws Exception {
        start("30", true);
        Instant dialledAt = loop.now();
        callAndAwaitDial("+15550111");
        await(() -> ringbackPlays() == 1, "the ringback tone plays without a 180");
        assertFalse(loop.now().isBefore(dialledAt.plus(ThirdPartyLeg.RINGBACK_WITHOUT_PROGRESS)),
                "not before the far end had a moment to answer with progress");

        dialled.get(0).listener().onFailed(486, "Busy Here");
        await(() -> played("menu.wav"), "the CallFailed branch plays");
        assertEquals(List.of("play caller Ringback.wav looped", "stop caller", "play caller menu.wav"), heard(),
                "the tone stops before the flow's next prompt");
    }

    @Test
    void toneStoppedWhileTheRelayStillLoadsItIsStoppedBeforeTheNextPrompt() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        CompletableFuture<Long> accepted = new CompletableFuture<>();
        relay.playAccepted = id -> accepted.thenApply(ignored -> id);
        Dialled d = dialled.get(0);
        d.listener().onRinging();
        await(() -> ringbackPlays() == 1, "the tone was asked for");
        d.listener().onFailed(404, "Not Found");
        loop.advance(Duration.ofMillis(200));
        assertEquals(List.of("play caller Ringback.wav looped"), heard(),
                "neither the stop nor the next prompt overtakes a play the relay has not accepted");

        relay.playAccepted = CompletableFuture::completedFuture;
        accepted.complete(0L);
        await(() -> played("menu.wav"), "the CallFailed branch plays");
        assertEquals(List.of("play caller Ringback.wav looped", "stop caller", "play caller menu.wav"), heard());
    }

    @Test
    void timeLimitStopsTheRingbackAndCancelsBeforeTheTimeoutBranchPlays() throws Exception {
        start("1", true);
        callAndAwaitDial("+15550111");
        dialled.get(0).listener().onRinging();
        await(() -> played("hold-music.wav"), "the ConnectionTimeLimitExceeded branch plays");
        assertTrue(dialled.get(0).leg().hungUp, "the ringing call is cancelled");
        assertEquals(List.of("play caller Ringback.wav looped", "stop caller", "play caller hold-music.wav"), heard());
    }

    @Test
    void callerHangingUpWhileItRingsStopsEverything() throws Exception {
        start("30", true);
        FakeLeg caller = callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        d.listener().onRinging();
        await(() -> ringbackPlays() == 1, "the ringback tone plays");
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
        assertTrue(d.leg().hungUp, "the ringing third party is cancelled");
        await(() -> relay.destroyed.containsAll(relay.created), "both endpoints are freed");
        d.listener().onRinging();
        d.listener().onEarlyMedia("v=0 late");
        loop.advance(ThirdPartyLeg.RINGBACK_WITHOUT_PROGRESS.plusMillis(100));
        assertEquals(1, ringbackPlays(), "nothing starts after the caller left");
        assertEquals(List.of(), relay.bridges);
    }

    @Test
    void earlyMediaIsBridgedStopsTheRingbackAndTheAnswerUpdatesIt() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        d.listener().onRinging();
        await(() -> ringbackPlays() == 1, "the ringback tone plays");
        d.listener().onEarlyMedia("v=0 early");
        await(() -> relay.stops.size() == 1, "the tone stops for the far end's own audio");
        d.listener().onEarlyMedia("v=0 early");
        d.listener().onAnswered("v=0 answer");
        await(() -> relay.digitsSent.size() == 1, "answered: the digits go out");
        assertEquals(List.of("play caller Ringback.wav looped", "accept third v=0 early", "bridge caller third",
                "stop caller", "accept third v=0 answer"), heard(),
                "a repeated 183 changes nothing; the 200's new SDP updates the endpoint, the bridge stays");
    }

    @Test
    void earlyMediaFirstMeansNoRingbackAndAnAnswerWithTheSameSdpKeepsTheBridge() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        d.listener().onEarlyMedia("v=0 early");
        await(() -> relay.bridges.size() == 1, "the caller is bridged to the early media");
        loop.advance(Duration.ofMillis(ThirdPartyLeg.RINGBACK_WITHOUT_PROGRESS.toMillis() + 300));
        d.listener().onAnswered("v=0 early");
        await(() -> relay.digitsSent.size() == 1, "answered: the digits go out");
        assertEquals(List.of("accept third v=0 early", "bridge caller third"), heard(),
                "no ringback over early media; the same SDP again is not applied again");
    }

    @Test
    void announcementThenFailureUnbridgesAndTakesCallFailed() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        Dialled d = dialled.get(0);
        EndpointId third = relay.created.get(1);
        d.listener().onEarlyMedia("v=0 announcement");
        await(() -> relay.bridges.size() == 1, "the caller hears the announcement");
        d.listener().onFailed(404, "Not Found");
        await(() -> played("menu.wav"), "the CallFailed branch plays");
        await(() -> relay.destroyed.contains(third), "the outbound endpoint is freed");
        assertEquals(List.of(third), relay.unbridged, "the caller leaves the far end's announcement");
        assertEquals(0, ringbackPlays());
    }

    @Test
    void unusableEarlyMediaFallsBackToRingback() throws Exception {
        start("30", true);
        callAndAwaitDial("+15550111");
        relay.acceptFailure = new IllegalArgumentException("no common codec");
        dialled.get(0).listener().onEarlyMedia("v=0 video only");
        await(() -> ringbackPlays() == 1, "the caller hears ringback instead");
        assertEquals(List.of(), relay.bridges);
    }
}

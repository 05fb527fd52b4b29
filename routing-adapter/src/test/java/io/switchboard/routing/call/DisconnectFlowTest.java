package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disconnect flow (UpdateContactEventHooks CustomerRemaining): when the desk-phone agent dana hangs up
 * on a caller who is still there, the caller is not hung up but hears the disconnect flow, and the contact
 * ends when that flow does. On the virtual loop.
 */
class DisconnectFlowTest {

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
        Path inbound = instance.resolve("flows/demo-inbound.json");
        String flow = Files.readString(inbound).replaceFirst("\"NextAction\": \"record-agent-and-customer\"",
                "\"NextAction\": \"set-disconnect-flow\"");
        flow = flow.replaceFirst("\"Actions\": \\[", "\"Actions\": [\n    {\"Identifier\": \"set-disconnect-flow\","
                + " \"Type\": \"UpdateContactEventHooks\", \"Parameters\": {\"EventHooks\": {\"CustomerRemaining\": \"after-agent\"}},"
                + " \"Transitions\": {\"NextAction\": \"record-agent-and-customer\"}},");
        Files.writeString(inbound, flow);
        Files.writeString(instance.resolve("flows/after-agent.json"), """
                {"Version": "2019-10-30", "StartAction": "thanks",
                 "Actions": [
                   {"Identifier": "thanks", "Type": "MessageParticipant", "Parameters": {"PromptId": "goodbye"},
                    "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                   {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
                 ]}
                """);
        LoadResult loaded = InstanceLoader.load(instance);
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
        return leg;
    }

    private <T> T settled(java.util.concurrent.CompletionStage<T> stage) throws Exception {
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

    @Test
    void theCallerStillOnTheLineHearsTheDisconnectFlowThenTheContactEnds() throws Exception {
        FakeLeg caller = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(caller);
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav");
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
        Eventually.await(loop, () -> !dialled.isEmpty(), "dana's phone is dialled");
        dialled.get(0).listener.onAnswered("v=0 dana");
        Whispers.playOut(loop, relay, events);
        Eventually.await(loop, () -> !relay.bridges.isEmpty(), "bridged");

        dialled.get(0).listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        FakeRelay.Play goodbye = awaitPlay("goodbye.wav");
        assertFalse(caller.hungUp, "the caller stays on the line for the disconnect flow");
        assertTrue(center.figures().contactsEnded() == 0, "the contact goes on");
        events.onPlaybackDone(goodbye.endpoint(), goodbye.id(), PlaybackOutcome.COMPLETED);
        Eventually.await(loop, () -> caller.hungUp, "the disconnect flow hangs up");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        loop.advance(Duration.ofSeconds(1));
    }
}

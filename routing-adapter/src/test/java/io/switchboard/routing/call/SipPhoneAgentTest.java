package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alice as an agent whose phone type is SIP: a caller who pressed 1 (Sales) is offered to her by ringing her
 * registered SIP phone (not a trunk); the phone's answer bridges the caller to it, and a phone that is not
 * registered (480) makes the offer missed with the caller keeping their place. On the virtual loop.
 */
class SipPhoneAgentTest {

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final List<FakeLeg> rung = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void start() throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("phoneType: softphone", "phoneType: sip"));
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        center.useDialer(new Dialer() {
            @Override
            public CallLeg dial(String trunk, String number, String callerId, String callerName, String sdp,
                                CallLegListener listener) {
                calls.add("trunk " + trunk + " " + number);
                return leg(number, listener);
            }

            @Override
            public CallLeg ringPhone(String username, String callerId, String callerName, String sdp,
                                     CallLegListener listener) {
                calls.add("phone " + username + " as " + callerId);
                return leg(username, listener);
            }
        });
        relay.created.clear();
        relay.plays.clear();
        settled(center.agents().login("alice"));
        settled(center.agents().setStatus("alice", "Available"));
    }

    private CallLeg leg(String called, CallLegListener listener) {
        FakeLeg leg = new FakeLeg(called);
        leg.setListener(listener);
        rung.add(leg);
        return leg;
    }

    @AfterEach
    void stop() {
        center.close();
    }

    private <T> T settled(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private AgentState alice() throws Exception {
        return settled(center.agents().snapshot("alice")).state();
    }

    private FakeRelay.Play awaitPlay(String file) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        return relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    private void callSales() {
        FakeLeg caller = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(caller);
        FakeRelay.Play welcome = awaitPlay("welcome.wav");
        events.onPlaybackDone(welcome.endpoint(), welcome.id(), PlaybackOutcome.COMPLETED);
        FakeRelay.Play menu = awaitPlay("menu.wav");
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
        Eventually.await(loop, () -> !rung.isEmpty(), "alice's phone rings");
    }

    @Test
    void alicesRegisteredPhoneRingsAndItsAnswerBridgesTheCaller() throws Exception {
        callSales();
        assertEquals(List.of("phone alice as +15550100"), calls, "her SIP phone, with the Sales caller ID");
        assertEquals(AgentState.PENDING, alice());
        EndpointId customer = relay.created.get(0);
        EndpointId agent = relay.created.get(relay.created.size() - 1);

        rung.get(0).listener.onAnswered("v=0 alice");
        Whispers.playOut(loop, relay, events);
        Eventually.await(loop, () -> !relay.bridges.isEmpty(), "the caller is bridged to alice");
        assertEquals(List.of(customer, agent), relay.bridges.get(0));
        assertEquals(AgentState.BUSY, alice());
        assertEquals(0, center.queues().size("Sales"));
    }

    @Test
    void aPhoneThatIsNotRegisteredMakesTheOfferMissed() throws Exception {
        callSales();
        rung.get(0).listener.onFailed(480, "Temporarily Unavailable");
        rung.get(0).listener.onEnded(CallLegListener.Party.REMOTE, "failed 480");
        loop.runPending();
        assertEquals(AgentState.MISSED, alice());
        assertEquals(1, center.queues().size("Sales"), "the caller keeps their place");
    }
}

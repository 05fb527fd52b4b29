package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.config.model.User;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.agent.RoutingBlock;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's softphone agent alice chooses a desk phone on her panel, as the reference CCP's "set phone number"
 * does: the number is read as E.164, her snapshot shows the choice, the softphone's media no longer decides her
 * routability, and the next offer rings that number through the trunk; the choice is refused while a contact
 * is with her and outlives a reload; back on the softphone she is routable once its media is up. On the
 * virtual loop.
 */
class PhoneChoiceTest {

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final List<FakeLeg> dialled = new ArrayList<>();
    private final List<String> dialledNumbers = new ArrayList<>();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;
    private AgentDesk desk;
    private LoadResult loaded;

    @BeforeEach
    void start() throws Exception {
        loaded = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance")));
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), loaded.config(), relay, events);
        center.useDialer(this::dial);
        desk = center.agents();
        settled(desk.login("alice"));
        desk.softphoneOpened("alice", "c1");
        settled(desk.setStatus("alice", "Available"));
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

    private FakeRelay.Play awaitPlay(String file) {
        Eventually.await(loop, () -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
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
    void aDeskPhoneChosenOnThePanelRingsForTheNextOfferUntilSheChoosesTheSoftphoneAgain() throws Exception {
        assertEquals(RoutingBlock.Reason.NO_SOFTPHONE_MEDIA,
                settled(desk.view("alice")).block().orElseThrow().reason(), "a softphone panel without media");

        AgentSnapshot desked = settled(desk.setPhone("alice", User.PhoneType.DESK, "(555) 014-3000"));
        assertEquals(User.PhoneType.DESK, desked.configuration().phoneType());
        assertEquals("+15550143000", desked.configuration().deskPhoneNumber(), "read as E.164 by the default country");
        assertTrue(settled(desk.view("alice")).routable(), "the softphone's media no longer matters");

        FakeLeg caller = callSales();
        Eventually.await(loop, () -> dialled.size() == 1, "the offer rings her desk phone");
        assertEquals("demo-trunk +15550143000 as +15550100", dialledNumbers.get(0), "through the trunk");
        assertEquals(AgentState.PENDING, settled(desk.snapshot("alice")).state());
        assertEquals(AgentRequestException.Reason.ON_CONTACT,
                refusal(desk.setPhone("alice", User.PhoneType.SOFTPHONE, null)).reason(), "not while it rings");
        dialled.get(0).listener.onAnswered("v=0 desk phone");
        Eventually.await(loop, () -> {
            try {
                return settled(desk.snapshot("alice")).state() == AgentState.BUSY;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "her answer gives her the contact");
        assertEquals(AgentRequestException.Reason.ON_CONTACT,
                refusal(desk.setPhone("alice", User.PhoneType.SOFTPHONE, null)).reason(), "not on a contact");
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        Eventually.await(loop, () -> center.figures().contactsEnded() == 1, "the contact ends");
        assertEquals(AgentRequestException.Reason.ON_CONTACT,
                refusal(desk.setPhone("alice", User.PhoneType.SOFTPHONE, null)).reason(), "nor in its ACW");
        String contact = settled(desk.view("alice")).contact().orElseThrow().contactId();
        settled(desk.closeContact("alice", contact));

        settled(center.reload(loaded.config()));
        assertEquals(User.PhoneType.DESK, settled(desk.snapshot("alice")).configuration().phoneType(),
                "her choice outlives a reload of the instance");

        AgentSnapshot back = settled(desk.setPhone("alice", User.PhoneType.SOFTPHONE, null));
        assertEquals(User.PhoneType.SOFTPHONE, back.configuration().phoneType());
        assertFalse(settled(desk.view("alice")).routable(), "the softphone again: its media is not up");
        settled(desk.softphoneOffer("alice", "c1", "v=0 browser"));
        assertTrue(settled(desk.view("alice")).routable(), "routable once its media is up");
    }

    @Test
    void aDeskNumberThatCannotBeReadOrAnAgentLoggedOutIsRefusedAndChangesNothing() throws Exception {
        AgentRequestException local = refusal(desk.setPhone("alice", User.PhoneType.DESK, "014-3000"));
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST, local.reason());
        assertTrue(local.getMessage().contains("area code"), local.getMessage());
        assertEquals(AgentRequestException.Reason.INVALID_REQUEST,
                refusal(desk.setPhone("alice", User.PhoneType.DESK, null)).reason());
        assertEquals(User.PhoneType.SOFTPHONE, settled(desk.snapshot("alice")).configuration().phoneType());
        settled(desk.logout("alice"));
        assertEquals(AgentRequestException.Reason.NOT_LOGGED_IN,
                refusal(desk.setPhone("alice", User.PhoneType.DESK, "+15550143000")).reason());
    }
}

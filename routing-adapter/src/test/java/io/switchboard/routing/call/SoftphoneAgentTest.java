package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.agent.RoutingBlock;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.api.AgentView;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's softphone agent alice (Sales and Support, ACW 10 s) takes callers who pressed 1 on her panel:
 * her panel's media offer gets a relay endpoint that outlives contacts, an offer rings for the offer time,
 * accept bridges the caller to that endpoint, reject and the timeout make her Missed with the caller keeping
 * their place, auto-accept connects at once, and a panel that goes away mid-call leaves the caller on hold
 * audio for the reconnect window, after which the contact goes back to its queue with its place (or ends, by
 * setting). On the virtual loop.
 */
class SoftphoneAgentTest {

    private static final String BROWSER_OFFER = "v=0 browser";

    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;
    private AgentDesk desk;

    private void start(SoftphoneSettings settings, boolean autoAccept) throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        if (autoAccept) {
            Path yaml = instance.resolve("instance.yaml");
            Files.writeString(yaml, Files.readString(yaml).replaceFirst(
                    "(?s)(username: alice\n.*?autoAccept: )false", "$1true"));
        }
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        relay = new FakeRelay();
        events = new MediaEventInlet();
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop).withSoftphones(settings), loaded.config(), relay,
                events);
        desk = center.agents();
        relay.created.clear();
        relay.plays.clear();
        settled(desk.login("alice"));
    }

    private void start() throws Exception {
        start(SoftphoneSettings.defaults(), false);
    }

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    private void await(BooleanSupplier condition, String what) {
        Eventually.await(loop, condition, what);
    }

    private <T> T settled(CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS);
    }

    private AgentRequestException.Reason refusal(CompletionStage<?> stage) {
        loop.runPending();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(0, TimeUnit.MILLISECONDS));
        return ((AgentRequestException) e.getCause()).reason();
    }

    private AgentState alice() throws Exception {
        return settled(desk.snapshot("alice")).state();
    }

    private AgentView view() throws Exception {
        return settled(desk.view("alice"));
    }

    /** Alice's panel connects as {@code connection} and offers media; returns her endpoint. */
    private EndpointId panel(String connection) throws Exception {
        desk.softphoneOpened("alice", connection);
        String answer = settled(desk.softphoneOffer("alice", connection, BROWSER_OFFER));
        assertEquals(FakeRelay.ANSWER_SDP, answer);
        return relay.created.get(relay.created.size() - 1);
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    private FakeRelay.Play awaitPlay(String file) {
        await(() -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        return relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
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

    private String offeredContact() throws Exception {
        await(() -> {
            try {
                return alice() == AgentState.PENDING;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the contact rings on alice's panel");
        return view().contact().orElseThrow().contactId();
    }

    private List<JsonNode> records() throws Exception {
        Path file = dir.resolve("data/streams/ctr/2024-07-10.jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(mapper.readTree(line));
            }
        }
        return out;
    }

    @Test
    void acceptBridgesTheCallerToThePersistentEndpointHoldResumeHangUpKeepIt() throws Exception {
        start();
        EndpointId media = panel("c1");
        settled(desk.setStatus("alice", "Available"));
        assertTrue(view().routable());
        FakeLeg caller = callSales();
        String contact = offeredContact();
        AgentView ringing = view();
        AgentView.ContactView offer = ringing.contact().orElseThrow();
        assertEquals("CONNECTING", offer.state());
        assertEquals("Sales", offer.queue());
        assertEquals(caller.caller(), offer.customerNumber());
        assertEquals(loop.now().plus(SoftphoneSettings.OFFER_TIMEOUT), offer.offerExpiresAt());
        EndpointId customer = relay.created.get(1); // after the panel's own

        assertEquals(AgentState.BUSY, settled(desk.accept("alice", contact)).state());
        assertEquals(List.of(customer, media), relay.bridges.get(0), "accepting only bridges: no new endpoint");
        assertEquals(0, center.queues().size("Sales"));
        loop.advance(SoftphoneSettings.OFFER_TIMEOUT.plusSeconds(1));
        assertEquals(AgentState.BUSY, alice(), "the offer's timer stopped at the accept");

        assertEquals(AgentState.ON_HOLD, settled(desk.hold("alice")).state());
        await(() -> relay.unbridged.contains(customer), "the caller is unbridged");
        assertEquals(customer, awaitPlay("CustomerHold.wav").endpoint(), "the caller hears the hold flow");
        assertEquals(AgentState.BUSY, settled(desk.resume("alice")).state());
        assertEquals(List.of(customer, media), relay.bridges.get(1));
        loop.advance(Duration.ofSeconds(5));

        assertEquals(AgentState.AFTER_CONTACT_WORK, settled(desk.hangUp("alice")).state());
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
        await(() -> caller.hungUp, "the caller gets a BYE");
        assertFalse(relay.destroyed.contains(media), "the agent's endpoint outlives the contact");
        assertEquals(AgentState.AVAILABLE, settled(desk.closeContact("alice", contact)).state());
        JsonNode record = records().get(records().size() - 1);
        assertEquals("alice", record.get("Agent").get("Username").asText());
        assertEquals(1, record.get("Agent").get("NumberOfHolds").asInt());
        assertEquals(1, record.get("AgentConnectionAttempts").asInt());

        callSales();
        String second = offeredContact();
        int created = relay.created.size();
        settled(desk.accept("alice", second));
        assertEquals(media, relay.bridges.get(relay.bridges.size() - 1).get(1), "the same endpoint again");
        assertEquals(created, relay.created.size());
    }

    @Test
    void rejectMakesTheAgentMissedUntilSheChoosesAStatusAndTheCallerKeepsTheirPlace() throws Exception {
        start();
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        FakeLeg caller = callSales();
        String contact = offeredContact();
        assertEquals(AgentState.MISSED, settled(desk.reject("alice", contact)).state());
        assertEquals("MISSED", view().contact().orElseThrow().state());
        assertEquals(1, center.queues().size("Sales"), "back in line");
        loop.advance(Duration.ofMinutes(5));
        assertEquals(AgentState.MISSED, alice(), "Missed is left only by choosing a status");
        assertFalse(caller.hungUp);

        settled(desk.setStatus("alice", "Available"));
        assertEquals(contact, offeredContact(), "the same caller is offered again");
        settled(desk.accept("alice", contact));
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
        await(() -> Files.exists(dir.resolve("data/streams/ctr/2024-07-10.jsonl")), "its record is written");
        assertEquals(2, records().get(0).get("AgentConnectionAttempts").asInt(), "the rejected and the accepted offer");
    }

    @Test
    void anOfferNotAcceptedWithinTheConfiguredTimeIsMissed() throws Exception {
        start(SoftphoneSettings.defaults().withOfferTimeout(Duration.ofSeconds(8)), false);
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        callSales();
        String contact = offeredContact();
        loop.advance(Duration.ofMillis(7_999));
        assertEquals(AgentState.PENDING, alice());
        loop.advance(Duration.ofMillis(1));
        assertEquals(AgentState.MISSED, alice());
        assertEquals(1, center.queues().size("Sales"));
        assertEquals(AgentRequestException.Reason.NO_CONTACT, refusal(desk.accept("alice", contact)),
                "too late to accept");
    }

    @Test
    void autoAcceptConnectsAtOnce() throws Exception {
        start(SoftphoneSettings.defaults(), true);
        EndpointId media = panel("c1");
        settled(desk.setStatus("alice", "Available"));
        callSales();
        await(() -> !relay.bridges.isEmpty(), "bridged without an accept");
        assertEquals(media, relay.bridges.get(0).get(1));
        assertEquals(AgentState.BUSY, alice());
    }

    @Test
    void anotherContactIdOrTheWrongStateIsRefusedAndChangesNothing() throws Exception {
        start();
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        assertEquals(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                refusal(desk.accept("alice", "00000000-0000-0000-0000-000000000001")));
        callSales();
        String contact = offeredContact();
        assertEquals(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                refusal(desk.accept("alice", "00000000-0000-0000-0000-000000000001")));
        assertEquals(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                refusal(desk.reject("alice", "00000000-0000-0000-0000-000000000001")));
        assertEquals(AgentRequestException.Reason.NO_CONTACT, refusal(desk.hold("alice")));
        assertEquals(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                refusal(desk.closeContact("alice", "00000000-0000-0000-0000-000000000001")));
        assertEquals(AgentRequestException.Reason.ON_CONTACT, refusal(desk.setStatus("alice", "Lunch")));
        assertEquals(AgentState.PENDING, alice(), "still ringing");
        assertTrue(relay.bridges.isEmpty());
        assertEquals(AgentState.BUSY, settled(desk.accept("alice", contact)).state());
        assertEquals(AgentRequestException.Reason.NO_CONTACT, refusal(desk.accept("alice", contact)),
                "accepting twice");
    }

    @Test
    void aPanelWithoutMediaIsNotRoutableAndIsNotOffered() throws Exception {
        start();
        desk.softphoneOpened("alice", "c1");
        settled(desk.setStatus("alice", "Available"));
        AgentView waiting = view();
        assertFalse(waiting.routable());
        assertEquals(RoutingBlock.Reason.NO_SOFTPHONE_MEDIA, waiting.block().orElseThrow().reason());
        callSales();
        loop.advance(Duration.ofSeconds(30));
        assertEquals(AgentState.AVAILABLE, alice(), "nothing is offered to a panel that cannot take it");
        assertEquals(1, center.queues().size("Sales"));

        settled(desk.softphoneOffer("alice", "c1", BROWSER_OFFER));
        offeredContact();
    }

    @Test
    void aSecondOfferOfTheSameConnectionRenegotiatesTheSameEndpoint() throws Exception {
        start();
        EndpointId media = panel("c1");
        settled(desk.softphoneOffer("alice", "c1", "v=0 ice restart"));
        assertEquals(1, relay.updates.size());
        assertEquals(media, relay.updates.get(0).endpoint());
        assertEquals(1, relay.created.size(), "no new endpoint");
        assertEquals(AgentRequestException.Reason.NO_SOFTPHONE_MEDIA,
                refusal(desk.softphoneOffer("alice", "old", BROWSER_OFFER)), "an offer of a replaced connection");
    }

    @Test
    void failedMediaOrNoPongMakesTheAgentNotRoutableAndSaysWhy() throws Exception {
        start();
        EndpointId media = panel("c1");
        settled(desk.setStatus("alice", "Available"));
        events.onTransportFailed(media, TransportFailure.CONSENT_EXPIRED);
        loop.runPending();
        AgentView failed = view();
        assertFalse(failed.routable());
        assertEquals(RoutingBlock.Reason.SOFTPHONE_UNREACHABLE, failed.block().orElseThrow().reason());
        assertTrue(failed.block().get().detail().contains("ICE consent"), failed.block().get().detail());
        assertTrue(relay.destroyed.contains(media), "the failed endpoint is freed");
        EndpointId again = panel("c1");
        assertNotEquals(media, again);
        assertTrue(view().routable(), "a new offer that is answered makes her routable again");

        desk.softphoneUnreachable("alice", "c1", "no answer to the server's ping within 25 s");
        loop.runPending();
        assertEquals(RoutingBlock.Reason.SOFTPHONE_UNREACHABLE, view().block().orElseThrow().reason());
        desk.softphoneClosed("alice", "c1");
        loop.runPending();
        assertEquals(RoutingBlock.Reason.SOFTPHONE_UNREACHABLE, view().block().orElseThrow().reason(),
                "closing the unreachable panel keeps the reason");
    }

    @Test
    void aPanelThatComesBackWithinTheWindowGetsTheCallBridgedToItsNewMedia() throws Exception {
        start();
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        FakeLeg caller = callSales();
        settled(desk.accept("alice", offeredContact()));
        EndpointId customer = relay.created.get(1); // after the panel's own
        relay.plays.clear();

        desk.softphoneClosed("alice", "c1");
        loop.runPending();
        assertTrue(relay.unbridged.contains(customer));
        assertEquals(customer, awaitPlay("CustomerHold.wav").endpoint(), "the caller hears hold audio");
        assertTrue(view().contact().orElseThrow().mediaPaused());
        loop.advance(Duration.ofSeconds(59));
        assertEquals(AgentState.BUSY, alice());

        EndpointId back = panel("c2");
        assertEquals(List.of(customer, back), relay.bridges.get(relay.bridges.size() - 1));
        assertFalse(view().contact().orElseThrow().mediaPaused());
        loop.advance(Duration.ofSeconds(120));
        assertEquals(AgentState.BUSY, alice(), "the window stopped when she came back");
        assertFalse(caller.hungUp);
    }

    @Test
    void pastTheWindowTheCallEndsAsIfTheAgentHungUpWhenSetToDisconnect() throws Exception {
        start(SoftphoneSettings.defaults().withAfterWindow(SoftphoneSettings.AfterWindow.DISCONNECT), false);
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        FakeLeg caller = callSales();
        settled(desk.accept("alice", offeredContact()));
        desk.softphoneClosed("alice", "c1");
        loop.runPending();
        loop.advance(SoftphoneSettings.RECONNECT_WINDOW.minusMillis(1));
        assertFalse(caller.hungUp);
        loop.advance(Duration.ofMillis(1));
        await(() -> caller.hungUp, "the caller is hung up");
        assertNotNull(records().isEmpty() ? null : records().get(0));
        assertEquals("AGENT_DISCONNECT", records().get(0).get("DisconnectReason").asText());
    }

    @Test
    void pastTheWindowTheContactGoesBackToItsQueueWithItsPlaceAndTheNextConnectionIsInTheRecord() throws Exception {
        start();
        panel("c1");
        settled(desk.setStatus("alice", "Available"));
        FakeLeg caller = callSales();
        String contact = offeredContact();
        Instant queuedAt = center.queues().queueOf(io.switchboard.routing.contact.ContactId.parse(contact))
                .orElseThrow().since();
        loop.advance(Duration.ofSeconds(3));
        settled(desk.accept("alice", contact));
        EndpointId customer = relay.created.get(1); // after the panel's own
        loop.advance(Duration.ofSeconds(20));
        desk.softphoneClosed("alice", "c1");
        loop.runPending();
        relay.plays.clear();
        loop.advance(SoftphoneSettings.RECONNECT_WINDOW);

        assertFalse(caller.hungUp, "the caller stays");
        assertEquals(customer, awaitPlay("hold-music.wav").endpoint(), "and hears the queue flow again");
        assertEquals(1, center.queues().size("Sales"), "back in Sales");
        assertEquals(queuedAt, center.queues().queueOf(io.switchboard.routing.contact.ContactId.parse(contact))
                .orElseThrow().since(), "with its original place");
        assertEquals(AgentState.AFTER_CONTACT_WORK, alice(), "her part ended as a disconnected agent's");
        assertEquals(0, center.figures().contactsEnded());

        assertEquals(AgentState.AVAILABLE, settled(desk.closeContact("alice", contact)).state());
        panel("c2");
        assertEquals(contact, offeredContact(), "offered again once her panel is back");
        loop.advance(Duration.ofSeconds(2));
        settled(desk.accept("alice", contact));
        loop.advance(Duration.ofSeconds(30));
        caller.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> center.figures().contactsEnded() == 1, "the contact ends");
        settled(desk.closeContact("alice", contact));
        await(() -> {
            try {
                return !records().isEmpty() && records().get(records().size() - 1).get("Agent")
                        .get("AfterContactWorkEndTimestamp").isTextual();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the record is complete");
        JsonNode record = records().get(records().size() - 1);
        assertEquals("CUSTOMER_DISCONNECT", record.get("DisconnectReason").asText());
        assertEquals(2, record.get("AgentConnectionAttempts").asInt(), "the lost connection and the second one");
        assertEquals("Sales", record.get("Queue").get("Name").asText());
        assertEquals(io.switchboard.routing.record.ContactTraceRecord.timestamp(queuedAt),
                record.get("Queue").get("EnqueueTimestamp").asText(), "enqueued when it first was");
        assertEquals(30, record.get("Agent").get("AgentInteractionDuration").asInt(),
                "the agent section is the last connection's");
    }
}

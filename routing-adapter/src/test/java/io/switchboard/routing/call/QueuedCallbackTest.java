package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queued callbacks on the demo instance, on the virtual loop: the demo callback line's queue flow turns the
 * caller into a callback that waits its initial delay, then dana (desk phone, Sales) gets it, her phone rings
 * first and then the caller's number is dialled from Sales' caller ID; unanswered attempts come back after the
 * retry delay until the maximum, a missed offer costs no attempt, an API callback of a waiting caller keeps the
 * caller's place ahead of a later one, and a caller who calls again while their callback waits is marked.
 */
class QueuedCallbackTest {

    private static final Instant T0 = Instant.parse("2024-07-10T15:00:00Z");
    private static final String CALLER = "+15557654321";

    private final VirtualLoop loop = new VirtualLoop(T0);
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

    private void available() throws Exception {
        settled(center.agents().setStatus("dana", "Available"));
    }

    private void playDone(String file) {
        await(() -> relay.plays.stream().anyMatch(p -> plays(p, file)), file + " plays");
        FakeRelay.Play play = relay.plays.stream().filter(p -> plays(p, file)).reduce((a, b) -> b).orElseThrow();
        events.onPlaybackDone(play.endpoint(), play.id(), PlaybackOutcome.COMPLETED);
        loop.runPending();
    }

    private static boolean plays(FakeRelay.Play p, String file) {
        return p.request().items().get(0) instanceof PromptItem.WavFile wav && wav.path().endsWith(file);
    }

    /** Calls the demo callback line; its queue flow creates the callback, says goodbye and hangs up. */
    private FakeLeg callForCallback() {
        FakeLeg caller = new FakeLeg("+15550102");
        center.callHandler().onIncomingCall(caller);
        playDone("goodbye.wav");
        await(() -> caller.hungUp, "the caller is let go once the callback is made");
        return caller;
    }

    private List<JsonNode> records() {
        Path ctr = dir.resolve("data").resolve("streams").resolve("ctr");
        if (!Files.isDirectory(ctr)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ctr)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(json.readTree(line));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The last version of the record with {@code method}, once written. */
    private JsonNode record(String method) {
        await(() -> latest(method).isPresent(), "a " + method + " record is written");
        return latest(method).orElseThrow();
    }

    private Optional<JsonNode> latest(String method) {
        return records().stream().filter(r -> r.path("InitiationMethod").asText().equals(method))
                .reduce((a, b) -> b);
    }

    @Test
    void theCallbackWaitsItsDelayThenDanasPhoneRingsThenTheCallerIsCalledBackAndTheRecordsLinkUp() throws Exception {
        callForCallback();
        // Free only now: an agent Available at once would have taken the caller before any callback.
        available();
        assertEquals(0, center.queues().size("Sales"), "the callback waits out its initial delay first");
        assertEquals(T0, loop.now());
        loop.advance(Duration.ofMillis(1_999));
        assertTrue(dialled.isEmpty(), "nothing is dialled before the 2 s initial delay");
        loop.advance(Duration.ofMillis(1));
        await(() -> !dialled.isEmpty(), "dana's phone rings for the callback");
        assertEquals(List.of("demo-trunk +15550199 as " + CALLER), dialledNumbers, "her phone shows whom she calls");
        assertEquals(AgentState.PENDING, dana());

        dialled.get(0).listener.onAnswered("v=0 dana");
        await(() -> dialled.size() == 2, "the customer is dialled once dana answered");
        assertEquals("demo-trunk " + CALLER + " as +15550100", dialledNumbers.get(1), "from Sales' caller ID");
        assertEquals(0, center.queues().size("Sales"), "taken out of the queue");
        dialled.get(1).listener.onAnswered("v=0 customer");
        await(() -> !relay.bridges.isEmpty(), "dana and the customer are bridged");
        assertEquals(AgentState.BUSY, dana());

        loop.advance(Duration.ofSeconds(30));
        dialled.get(1).listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> dialled.get(0).hungUp, "dana's phone is hung up");
        JsonNode callback = record("CALLBACK");
        JsonNode inbound = record("INBOUND");
        assertEquals(inbound.get("ContactId").asText(), callback.get("PreviousContactId").asText(), callback.toString());
        assertEquals(inbound.get("InitialContactId").asText(), callback.get("InitialContactId").asText());
        assertEquals(callback.get("ContactId").asText(), inbound.get("NextContactId").asText(), inbound.toString());
        assertEquals(CALLER, callback.get("CustomerEndpoint").get("Address").asText());
        assertEquals("+15550100", callback.get("SystemEndpoint").get("Address").asText());
        assertEquals("Sales", callback.get("Queue").get("Name").asText());
        assertEquals(inbound.get("Queue").get("EnqueueTimestamp"), callback.get("Queue").get("EnqueueTimestamp"),
                "the callback keeps the caller's enqueue time: " + callback);
        assertEquals(1, callback.get("AgentConnectionAttempts").asInt());
        assertEquals("dana", callback.get("Agent").get("Username").asText());
        assertEquals("CUSTOMER_DISCONNECT", callback.get("DisconnectReason").asText());
    }

    @Test
    void anUnansweredAttemptComesBackAfterTheRetryDelayUntilTheThirdThenTheContactEnds() throws Exception {
        callForCallback();
        // Free only now: an agent Available at once would have taken the caller before any callback.
        available();
        loop.advance(Duration.ofSeconds(2));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int phone = 2 * (attempt - 1);
            await(() -> dialled.size() == phone + 1, "dana's phone rings for attempt " + attempt);
            dialled.get(phone).listener.onAnswered("v=0 dana");
            await(() -> dialled.size() == phone + 2, "the customer is dialled, attempt " + attempt);
            dialled.get(phone + 1).listener.onFailed(480, "Temporarily Unavailable");
            await(() -> dialled.get(phone).hungUp, "dana's phone is hung up after attempt " + attempt);
            assertEquals(AgentState.AFTER_CONTACT_WORK, dana(), "dana worked on the attempt");
            if (attempt == 3) {
                break;
            }
            loop.advance(Duration.ofSeconds(10));
            assertEquals(AgentState.AVAILABLE, dana(), "her ACW is over");
            loop.advance(Duration.ofMillis(49_999));
            assertEquals(phone + 2, dialled.size(), "nothing before the 60 s retry delay");
            assertEquals(0, center.queues().size("Sales"), "out of the queue while it waits to retry");
            loop.advance(Duration.ofMillis(1));
        }
        JsonNode callback = record("CALLBACK");
        assertEquals("TELECOM_PROBLEM", callback.get("DisconnectReason").asText(), callback.toString());
        assertEquals(3, callback.get("AgentConnectionAttempts").asInt(), callback.toString());
        loop.advance(Duration.ofMinutes(5));
        assertEquals(6, dialled.size(), "no fourth attempt");
    }

    @Test
    void aMissedOfferCostsNoAttemptAndTheCallbackKeepsItsPlace() throws Exception {
        callForCallback();
        // Free only now: an agent Available at once would have taken the caller before any callback.
        available();
        loop.advance(Duration.ofSeconds(2));
        await(() -> dialled.size() == 1, "dana's phone rings");
        loop.advance(AgentRouting.OFFER_TIME);
        await(() -> dialled.get(0).hungUp, "the unanswered phone is hung up");
        assertEquals(AgentState.MISSED, dana());
        assertEquals(1, center.queues().size("Sales"), "the callback is back in its queue");
        available();
        await(() -> dialled.size() == 2, "dana's phone rings again once she is Available");
        assertTrue(dialledNumbers.get(1).startsWith("demo-trunk +15550199"), dialledNumbers.toString());
    }

    @Test
    void anApiCallbackOfAWaitingCallerKeepsTheirPlaceAheadOfALaterCallback() throws Exception {
        FakeLeg caller = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(caller);
        playDone("welcome.wav");
        await(() -> relay.plays.stream().anyMatch(p -> plays(p, "menu.wav")), "the menu plays");
        FakeRelay.Play menu = relay.plays.stream().filter(p -> plays(p, "menu.wav")).findFirst().orElseThrow();
        events.onDtmf(menu.endpoint(), '1', DtmfSource.RFC4733);
        await(() -> center.queues().size("Sales") == 1, "the caller waits in Sales");
        ContactId waiting = settled(center.liveContacts()).get(0);

        loop.advance(Duration.ofSeconds(10));
        settled(center.createCallback("Sales", "+15550142", null, Duration.ofSeconds(1), 1, Duration.ofSeconds(60)));
        loop.advance(Duration.ofSeconds(10));
        ContactId first = settled(center.createCallback("Sales", CALLER, waiting, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(60)));
        await(() -> caller.hungUp, "the caller is let go: the callback has their place");
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, center.queues().size("Sales"), "both callbacks count as contacts in queue");
        assertEquals(T0, center.queues().queueOf(first).orElseThrow().since(), "the caller's own enqueue time");

        available();
        await(() -> dialled.size() == 1, "dana's phone rings");
        assertEquals("demo-trunk +15550199 as " + CALLER, dialledNumbers.get(0), "the older place goes first");
    }

    @Test
    void aCallerWhoCallsAgainWhileTheirCallbackWaitsIsMarkedWithIt() throws Exception {
        callForCallback();
        loop.advance(Duration.ofSeconds(5));
        assertEquals(1, center.queues().size("Sales"), "the callback waits: dana is not Available");
        FakeLeg again = new FakeLeg("+15550100");
        center.callHandler().onIncomingCall(again);
        playDone("welcome.wav");
        again.listener.onEnded(CallLegListener.Party.REMOTE, "BYE");
        await(() -> records().stream().filter(r -> r.path("InitiationMethod").asText().equals("INBOUND")).count() == 2,
                "the second call's record");
        JsonNode second = latest("INBOUND").orElseThrow();
        assertTrue(second.path("Attributes").hasNonNull(QueuedCallbacks.PENDING_CALLBACK_ATTRIBUTE), second.toString());
        String callback = second.path("Attributes").path(QueuedCallbacks.PENDING_CALLBACK_ATTRIBUTE).asText();
        assertTrue(center.queues().queueOf(ContactId.parse(callback)).isPresent(), "it names the waiting callback");
    }

    @Test
    void aSoftphoneAgentWithoutAudioMissesTheCallbackWhichKeepsItsPlace() throws Exception {
        callForCallback();
        settled(center.agents().login("alice"));
        settled(center.agents().setStatus("alice", "Available"));
        loop.advance(Duration.ofSeconds(2));
        assertEquals(AgentState.MISSED, settled(center.agents().snapshot("alice")).state(),
                "a softphone with no audio connection cannot call the customer");
        assertTrue(dialled.isEmpty(), "nothing dialled");
        assertEquals(1, center.queues().size("Sales"), "the callback waits on with its place");
    }
}

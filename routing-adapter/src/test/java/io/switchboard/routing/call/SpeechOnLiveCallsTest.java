package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PromptItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text, SSML and voices on the contact center: flows hand the relay speech items in the voice the contact
 * chose, and the voices published flows need are checked through the relay when they load, so a missing
 * espeak-ng or voice is reported then.
 */
class SpeechOnLiveCallsTest {
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


    /** +15550113: sets Matthew's voice, speaks SSML, then text with a reference, then hangs up. */
    private static final String FLOW = """
            {"Version": "2019-10-30", "StartAction": "voice", "Actions": [
             {"Identifier": "voice", "Type": "UpdateContactTextToSpeechVoice",
              "Parameters": {"TextToSpeechVoice": "Matthew"}, "Transitions": {"NextAction": "ssml"}},
             {"Identifier": "ssml", "Type": "MessageParticipant",
              "Parameters": {"SSML": "<speak>Hello <break time=\\"300ms\\"/> there.</speak>"},
              "Transitions": {"NextAction": "text", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "text", "Type": "MessageParticipant",
              "Parameters": {"Text": "You called $.SystemEndpoint.Address."},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    @TempDir
    Path dir;
    private FakeRelay relay;
    private MediaEventInlet events;
    private ContactCenter center;

    @BeforeEach
    void relay() {
        relay = new FakeRelay();
        events = new MediaEventInlet();
    }

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    private InstanceConfig instance() throws Exception {
        Path instance = dir.resolve("instance");
        if (!Files.exists(instance)) {
            DemoInstance.extractTo(instance);
            Files.writeString(instance.resolve("flows/speaking.json"), FLOW);
            Path yaml = instance.resolve("instance.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                    "phoneNumbers:\n  - { number: \"+15550113\", flow: speaking }\n"));
        }
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        return loaded.config();
    }

    private void start() throws Exception {
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), instance(), relay, events);
        assertEquals(List.of(), center.engine().library().problems());
    }

    private FakeRelay.Play awaitPlay(int index) throws InterruptedException {
        await(() -> relay.plays.size() > index, "play request " + (index + 1));
        return relay.plays.get(index);
    }

    @Test
    void theRelaySpeaksSsmlAndTextInTheVoiceTheFlowSet() throws Exception {
        start();
        relay.plays.clear(); // the prompt preload
        center.callHandler().onIncomingCall(new FakeLeg("+15550113"));

        FakeRelay.Play ssml = awaitPlay(0);
        assertEquals(List.of(new PromptItem.Speech("<speak>Hello <break time=\"300ms\"/> there.</speak>",
                "en-us+m3", true)), ssml.request().items());
        events.onPlaybackDone(ssml.endpoint(), ssml.id(), PlaybackOutcome.COMPLETED);

        FakeRelay.Play text = awaitPlay(1);
        assertEquals(List.of(new PromptItem.Speech("You called +15550113.", "en-us+m3", false)),
                text.request().items());
        // Speech the relay cannot render fails the playback: the block takes its error branch (here: hang up).
        events.onPlaybackDone(text.endpoint(), text.id(), PlaybackOutcome.FAILED);
        await(() -> center.engine().activeContacts() == 0, "the contact ends");
    }

    @Test
    void theVoicesOfPublishedFlowsAreCheckedThroughTheRelayWhenTheyLoad() throws Exception {
        start();
        // Text in the default customer queue flow speaks with the default voice; Matthew is en-us+m3.
        assertEquals(List.of("en-us+f3", "en-us+m3"), relay.speechChecks.stream().sorted().distinct().toList());
        assertEquals(List.of(), center.speechProblems());
    }

    @Test
    void aMissingEspeakIsReportedOnceAtLoadAndTheFlowsStillPublish() throws Exception {
        String missing = "text-to-speech needs espeak-ng, which cannot be run (install the espeak-ng package)";
        relay.speechFailures.put("en-us+f3", missing);
        relay.speechFailures.put("en-us+m3", missing);
        start();
        List<String> problems = center.speechProblems();
        assertEquals(1, problems.size(), problems.toString());
        String line = problems.get(0);
        assertTrue(line.startsWith("text-to-speech with voices en-us+f3, en-us+m3 will fail: " + missing), line);
        // Five blocks: the queue and whisper defaults' text, the flow's voice, SSML and text; three are named.
        assertTrue(line.contains("(built-in) default-customer-queue.json: action 'queue-message-and-music'"), line);
        assertTrue(line.contains("flows/speaking.json: action 'ssml' (MessageParticipant) and 2 more"), line);
        assertTrue(center.engine().library().names().contains("speaking"), "published all the same");
    }

    @Test
    void aMissingVoiceVariantNamesTheVoiceAndTheBlockAndAReloadChecksAgain() throws Exception {
        relay.speechFailures.put("en-us+m3", "espeak-ng has no voice variant 'm3' (asked for 'en-us+m3')");
        start();
        assertEquals(List.of("text-to-speech with voice en-us+m3 will fail: espeak-ng has no voice variant 'm3' "
                + "(asked for 'en-us+m3'); used by flows/speaking.json: action 'voice' (UpdateContactTextToSpeechVoice); "
                + "speech there takes the block's error branch"), center.speechProblems());

        relay.speechFailures.clear();
        int checksBefore = relay.speechChecks.size();
        settled(center.reload(instance()));
        assertTrue(relay.speechChecks.size() > checksBefore, "the reload checked the voices again");
        assertEquals(List.of(), center.speechProblems());
    }
}

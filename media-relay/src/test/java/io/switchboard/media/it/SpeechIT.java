package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.player.EspeakSynthesizer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.RtpPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text-to-speech with the real espeak-ng: plain text, SSML and voice variants at 8 kHz, flow-load checks,
 * errors that name the voice or the missing program, and playback through the relay with its cache.
 */
class SpeechIT {
    private static final int RATE = 8000;

    @TempDir
    Path dir;

    private static double rms(short[] s) {
        double energy = 0;
        for (short v : s) {
            energy += (double) v * v;
        }
        return Math.sqrt(energy / s.length);
    }

    private static short[] say(String text, String voice, boolean ssml) throws IOException {
        return new EspeakSynthesizer().synthesize(new PromptItem.Speech(text, voice, ssml));
    }

    @Test
    void synthesizesEightKilohertzSpeech() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        short[] speech = say("Thank you for calling. Please hold.", "en-us", false);
        assertTrue(speech.length > RATE && speech.length < RATE * 10, "samples " + speech.length);
        assertTrue(rms(speech) > 300, "audible");
    }

    @Test
    void aVoiceVariantChangesTheVoice() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        short[] plain = say("Thank you for calling.", "en-us", false);
        short[] female = say("Thank you for calling.", "en-us+f3", false);
        assertTrue(female.length > RATE / 2, "less than half a second of speech");
        assertTrue(rms(female) > 300, "silence instead of speech");
        assertFalse(Arrays.equals(plain, female), "the variant was ignored");
    }

    @Test
    void ssmlMarkupIsInterpretedNotSpoken() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        int text = say("Hello there", "en-us+f3", false).length;
        int document = say("<speak>Hello there</speak>", "en-us+f3", true).length;
        int withBreak = say("<speak>Hello <break time=\"800ms\"/> there</speak>", "en-us+f3", true).length;
        // Read aloud, the tags would double the length; a break of 800 ms adds most of its length.
        assertEquals(text, document, RATE / 4, "the markup was spoken");
        assertTrue(withBreak - document > RATE * 6 / 10, "no pause: " + document + " vs " + withBreak + " samples");
    }

    @Test
    void reportsAMissingEngineVoiceOrVariantAtCheckTime() {
        PeerProcess.requireOnPath("espeak-ng");
        EspeakSynthesizer espeak = new EspeakSynthesizer();
        espeak.checkAvailable("en-us");
        espeak.checkAvailable("en-us+f3");
        espeak.checkAvailable("en-gb-x-gbcwmd+m3");
        IllegalStateException noVoice = assertThrows(IllegalStateException.class,
                () -> espeak.checkAvailable("xx-klingon"));
        assertTrue(noVoice.getMessage().contains("no voice 'xx-klingon'"), noVoice.getMessage());
        // espeak-ng itself speaks an unknown variant in the plain voice, silently.
        IllegalStateException noVariant = assertThrows(IllegalStateException.class,
                () -> espeak.checkAvailable("en-us+f33"));
        assertTrue(noVariant.getMessage().contains("no voice variant 'f33' (asked for 'en-us+f33')"),
                noVariant.getMessage());
        IllegalStateException badName = assertThrows(IllegalStateException.class,
                () -> espeak.checkAvailable("-w /tmp/x"));
        assertTrue(badName.getMessage().contains("is not an espeak-ng voice name"), badName.getMessage());
        IllegalStateException noEngine = assertThrows(IllegalStateException.class,
                () -> new EspeakSynthesizer("/nonexistent/espeak-ng").checkAvailable("en-us"));
        assertTrue(noEngine.getMessage().contains("install the espeak-ng package"), noEngine.getMessage());
    }

    @Test
    void synthesisErrorsNameTheVoiceOrTheMissingProgram() {
        PeerProcess.requireOnPath("espeak-ng");
        IOException noVoice = assertThrows(IOException.class, () -> say("Hello", "xx-klingon", false));
        assertTrue(noVoice.getMessage().contains("cannot speak with voice 'xx-klingon'"), noVoice.getMessage());
        IOException noEngine = assertThrows(IOException.class, () -> new EspeakSynthesizer("/nonexistent/espeak-ng")
                .synthesize(new PromptItem.Speech("Hello", "en-us")));
        assertTrue(noEngine.getMessage().contains("install the espeak-ng package"), noEngine.getMessage());
    }

    /** espeak-ng, counting what it is asked to say. */
    private static final class CountingEspeak implements SpeechSynthesizer {
        final List<PromptItem.Speech> rendered = new CopyOnWriteArrayList<>();
        private final EspeakSynthesizer espeak = new EspeakSynthesizer();

        @Override
        public short[] synthesize(PromptItem.Speech speech) throws IOException {
            rendered.add(speech);
            return espeak.synthesize(speech);
        }

        @Override
        public void checkAvailable(String voice) {
            espeak.checkAvailable(voice);
        }
    }

    @Test
    void speaksToACallerAndCachesTheRenderingByTextVoiceAndKind() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        CountingEspeak espeak = new CountingEspeak();
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), espeak)) {
            f.relay.checkSpeech("en-us+f3").get(10, TimeUnit.SECONDS);
            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> f.relay.checkSpeech("xx-klingon").get(10, TimeUnit.SECONDS));
            assertTrue(bad.getCause() instanceof IllegalStateException);

            RtpPeer caller = f.peer();
            EndpointId c = f.answer("tts-1", caller, RtpPeer.PCMU, 101);
            PlaybackRequest hello = PlaybackRequest.speak("Press one for sales.", "en-us+f3", false);
            long first = System.nanoTime();
            long id = f.relay.play(c, hello).get(20, TimeUnit.SECONDS);
            long firstMs = (System.nanoTime() - first) / 1_000_000;
            RelayFixture.Event done = f.next("playback", c, Duration.ofSeconds(10));
            assertNotNull(done);
            assertEquals(id + "/COMPLETED", done.detail());
            int packets = caller.received().size();
            assertTrue(packets > 25, "speech packets " + packets);

            long second = System.nanoTime();
            f.relay.play(c, hello).get(20, TimeUnit.SECONDS);
            long secondMs = (System.nanoTime() - second) / 1_000_000;
            System.out.printf("speech: first play accepted after %d ms, cached after %d ms%n", firstMs, secondMs);
            assertEquals(1, espeak.rendered.size(), "the second play is served from the cache");

            // The same words as SSML, or in another voice, are other renderings.
            PlaybackRequest mixed = new PlaybackRequest(List.of(PromptItem.ssml("Press one for sales.", "en-us+f3"),
                    PromptItem.speech("Press one for sales.", "en-us+m3")), false, false);
            f.relay.play(c, mixed).get(20, TimeUnit.SECONDS);
            assertEquals(3, espeak.rendered.size(), "rendered: " + espeak.rendered);
            f.relay.stopPlayback(c).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aVoiceEspeakDoesNotHaveFailsThePlaybackAndIsNotCached() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        CountingEspeak espeak = new CountingEspeak();
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), espeak)) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("tts-2", caller, RtpPeer.PCMU, 101);
            PlaybackRequest klingon = PlaybackRequest.speak("Hello.", "xx-klingon", false);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> f.relay.play(c, klingon).get(20, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failed.getCause().getMessage()).contains("voice 'xx-klingon'"),
                    String.valueOf(failed.getCause()));
            RelayFixture.Event done = f.next("playback", c, Duration.ofSeconds(10));
            assertNotNull(done);
            assertTrue(done.detail().endsWith("/FAILED"), done.detail());
            assertThrows(ExecutionException.class, () -> f.relay.play(c, klingon).get(20, TimeUnit.SECONDS));
            assertEquals(2, espeak.rendered.size(), "a failure is tried again, not remembered");
        }
    }
}

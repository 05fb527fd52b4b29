package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.player.EspeakSynthesizer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.RtpPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text-to-speech with the real espeak-ng: synthesis, flow-load checks, and playback through the relay. */
class SpeechIT {
    @TempDir
    Path dir;

    @Test
    void synthesizesEightKilohertzSpeech() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        short[] speech = new EspeakSynthesizer().synthesize("Thank you for calling. Please hold.", "en-us");
        assertTrue(speech.length > 8000 && speech.length < 8000 * 10, "samples " + speech.length);
        double energy = 0;
        for (short s : speech) {
            energy += (double) s * s;
        }
        assertTrue(Math.sqrt(energy / speech.length) > 300, "audible");
    }

    @Test
    void reportsAMissingEngineOrVoiceAtCheckTime() {
        PeerProcess.requireOnPath("espeak-ng");
        new EspeakSynthesizer().checkAvailable("en-us");
        IllegalStateException noVoice = assertThrows(IllegalStateException.class,
                () -> new EspeakSynthesizer().checkAvailable("xx-klingon"));
        assertTrue(noVoice.getMessage().contains("no voice 'xx-klingon'"), noVoice.getMessage());
        IllegalStateException noEngine = assertThrows(IllegalStateException.class,
                () -> new EspeakSynthesizer("/nonexistent/espeak-ng").checkAvailable("en-us"));
        assertTrue(noEngine.getMessage().contains("install the espeak-ng package"), noEngine.getMessage());
    }

    @Test
    void speaksToACallerAndCachesTheRendering() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            f.relay.checkSpeech("en-us").get(10, TimeUnit.SECONDS);
            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> f.relay.checkSpeech("xx-klingon").get(10, TimeUnit.SECONDS));
            assertTrue(bad.getCause() instanceof IllegalStateException);

            RtpPeer caller = f.peer();
            EndpointId c = f.answer("tts-1", caller, RtpPeer.PCMU, 101);
            PlaybackRequest hello = PlaybackRequest.speak("Press one for sales.", "en-us", false);
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
            assertTrue(secondMs < Math.max(50, firstMs / 2), "cached: " + secondMs + " ms vs first " + firstMs + " ms");
            f.relay.stopPlayback(c).get(5, TimeUnit.SECONDS);
        }
    }
}

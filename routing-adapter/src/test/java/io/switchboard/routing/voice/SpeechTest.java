package io.switchboard.routing.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.port.Prompt;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resampling and espeak-ng synthesis into prompts the relay accepts (8 kHz mono 16-bit). */
class SpeechTest {

    @TempDir
    Path dir;

    private static short[] tone(double hz, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static double rms(short[] s, int from) {
        double e = 0;
        for (int i = from; i < s.length - from; i++) {
            e += (double) s[i] * s[i];
        }
        return Math.sqrt(e / (s.length - 2 * from));
    }

    @Test
    void speechBandPassesAndAliasingBandIsRemoved() {
        short[] voice = Resampler.toRate(tone(1000, 22050, 22050), 22050, 8000);
        assertEquals(8000, voice.length);
        // 1 kHz keeps its level (8000 / sqrt 2 = 5657) ...
        assertEquals(5657, rms(voice, 100), 120);
        // ... and 6 kHz, above the new Nyquist frequency, would alias to 2 kHz: it must be gone (> 40 dB down).
        short[] high = Resampler.toRate(tone(6000, 22050, 22050), 22050, 8000);
        assertTrue(rms(high, 100) < 57, "6 kHz leaked: rms " + rms(high, 100));
    }

    @Test
    void espeakSpeaksIntoAnEightKilohertzPromptAndCachesIt() throws Exception {
        EspeakSpeechSynthesizer espeak = new EspeakSpeechSynthesizer("espeak-ng", dir, 1);
        try {
            assertNull(espeak.unavailableReason(), "espeak-ng is a declared test peer");
            Prompt.Speech speech = new Prompt.Speech("Thank you for calling.", false, "en-us+f3");
            Path wav = espeak.synthesize(speech).toCompletableFuture().get(20, TimeUnit.SECONDS);
            Pcm16Wav.Audio audio = Pcm16Wav.read(wav);
            assertEquals(8000, audio.sampleRate());
            assertTrue(audio.samples().length > 4000, "less than half a second of speech");
            assertTrue(rms(audio.samples(), 0) > 300, "silence instead of speech");
            assertEquals(wav, espeak.synthesize(speech).toCompletableFuture().get(), "cached by text and voice");
            Path ssml = espeak.synthesize(new Prompt.Speech("<speak>Hello <break time=\"300ms\"/> there</speak>",
                    true, "en-us+f3")).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(8000, Pcm16Wav.read(ssml).sampleRate());
        } finally {
            espeak.close();
        }
    }

    @Test
    void missingProgramIsReportedAndSpeechFails() {
        EspeakSpeechSynthesizer missing = new EspeakSpeechSynthesizer(dir.resolve("no-such-espeak").toString(), dir, 1);
        try {
            assertNotNull(missing.unavailableReason());
            ExecutionException e = assertThrows(ExecutionException.class, () -> missing
                    .synthesize(new Prompt.Speech("hi", false, "en-us")).toCompletableFuture().get());
            assertTrue(e.getCause().getMessage().contains("speech unavailable"), e.getCause().getMessage());
        } finally {
            missing.close();
        }
    }
}

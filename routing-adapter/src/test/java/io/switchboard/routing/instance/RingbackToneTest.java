package io.switchboard.routing.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code Ringback.wav} (made by {@code scripts/generate-ringback.sh}) is the North American audible
 * ringing tone: 440 Hz and 480 Hz at -19 dBm0 each, 2 s on, 4 s off, as an 8 kHz mono 16-bit prompt that loops
 * without a click.
 */
class RingbackToneTest {

    private static final int RATE = 8000;
    /** G.711's 0 dBm0 sine peak in 16-bit samples: full scale (32636 after expansion) is +3.17 dBm0. */
    private static final double ZERO_DBM0_PEAK = 32636 / Math.pow(10, 3.17 / 20);

    @TempDir
    static Path dir;
    private static AudioFormat format;
    private static short[] samples;

    @BeforeAll
    static void extract() throws IOException, UnsupportedAudioFileException {
        Path file = BuiltInPrompts.extractTo(dir).get(BuiltInPrompts.RINGBACK);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            format = in.getFormat();
            byte[] bytes = in.readAllBytes();
            samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        }
    }

    @Test
    void isAnEightKilohertzMonoSixteenBitPromptOfOneSixSecondCadence() {
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
        assertEquals(RATE, format.getSampleRate());
        assertEquals(1, format.getChannels());
        assertEquals(16, format.getSampleSizeInBits());
        assertEquals(6 * RATE, samples.length, "2 s on and 4 s off");
    }

    @Test
    void onPartIsFourHundredFortyAndFourHundredEightyHertzAtMinusNineteenDbm0() {
        // 100 ms in from each ramp; 15800 samples hold whole cycles of both tones, so neither leaks into the other.
        int from = 100;
        int n = 15800;
        double level440 = dbm0(amplitude(from, n, 440));
        double level480 = dbm0(amplitude(from, n, 480));
        assertEquals(-19, level440, 0.5, "440 Hz level");
        assertEquals(-19, level480, 0.5, "480 Hz level");
        double total = 0;
        for (int i = from; i < from + n; i++) {
            total += (double) samples[i] * samples[i];
        }
        double tones = (Math.pow(amplitude(from, n, 440), 2) + Math.pow(amplitude(from, n, 480), 2)) / 2 * n;
        assertTrue(tones / total > 0.999, "nothing but the two tones: " + tones / total);
        // Two equal tones have an RMS of one tone's peak; every 100 ms of the 2 s carries them.
        double peak = ZERO_DBM0_PEAK * Math.pow(10, -19 / 20.0);
        for (int block = 0; block < 2 * RATE; block += RATE / 10) {
            double energy = 0;
            for (int i = block; i < block + RATE / 10; i++) {
                energy += (double) samples[i] * samples[i];
            }
            double rms = Math.sqrt(energy / (RATE / 10));
            assertTrue(rms > 0.9 * peak && rms < 1.1 * peak, "RMS " + rms + " in the 100 ms from sample " + block);
        }
    }

    @Test
    void offPartIsSilentForFourSeconds() {
        for (int i = 2 * RATE; i < samples.length; i++) {
            assertEquals(0, samples[i], "sample " + i + " of the off part");
        }
    }

    @Test
    void loopsWithoutAClick() {
        // Two tones of amplitude A change by at most A * 2 * pi * (440 + 480) / 8000 per sample; a hard switch would not.
        double bound = 2600 * 2 * Math.PI * (440 + 480) / RATE;
        for (int i = 0; i < samples.length; i++) {
            int step = Math.abs(samples[(i + 1) % samples.length] - samples[i]);
            assertTrue(step <= bound, "a jump of " + step + " at sample " + i);
        }
        assertEquals(0, samples[0], "starts from silence, where the loop returns");
    }

    /** Peak amplitude of the {@code hz} component over {@code n} samples from {@code from} (one DFT bin). */
    private static double amplitude(int from, int n, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double phase = 2 * Math.PI * hz * i / RATE;
            re += samples[from + i] * Math.cos(phase);
            im -= samples[from + i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / n;
    }

    private static double dbm0(double peak) {
        return 20 * Math.log10(peak / ZERO_DBM0_PEAK);
    }
}

package io.switchboard.media.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** In-band detection on generated tones, tones in noise, and speech-like signals that must not trigger. */
class GoertzelDtmfDetectorTest {
    private static final String KEYS = "123A456B789C*0#D";

    /** Runs {@code signal} through a detector block by block and returns the digits it reported. */
    static String detect(short[] signal) {
        GoertzelDtmfDetector d = new GoertzelDtmfDetector();
        StringBuilder out = new StringBuilder();
        for (int off = 0; off + GoertzelDtmfDetector.BLOCK <= signal.length; off += GoertzelDtmfDetector.BLOCK) {
            char c = d.process(signal, off);
            if (c != 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Digits as tone pairs: {@code toneMs} of tone then {@code gapMs} of silence each, amplitude per tone. */
    static short[] dtmf(String digits, int toneMs, int gapMs, double amplitude, double noise, long seed) {
        int per = (toneMs + gapMs) * 8;
        short[] s = new short[digits.length() * per + 800];
        Random rnd = new Random(seed);
        for (int k = 0; k < digits.length(); k++) {
            int idx = KEYS.indexOf(digits.charAt(k));
            double fr = GoertzelDtmfDetector.ROWS[idx / 4];
            double fc = GoertzelDtmfDetector.COLS[idx % 4];
            for (int i = 0; i < toneMs * 8; i++) {
                double t = i / 8000.0;
                double v = amplitude * (Math.sin(2 * Math.PI * fr * t) + Math.sin(2 * Math.PI * fc * t));
                s[k * per + i] = (short) v;
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, s[i] + rnd.nextGaussian() * noise));
        }
        return s;
    }

    @Test
    void detectsEverySixteenKeyOnce() {
        assertEquals(KEYS, detect(dtmf(KEYS, 100, 100, 6000, 0, 1)));
    }

    @Test
    void detectsTonesAtTheQ24MinimumDurationAndLowLevel() {
        assertEquals("159#", detect(dtmf("159#", 50, 60, 6000, 0, 2)));
        assertEquals("2580", detect(dtmf("2580", 100, 100, 900, 0, 3)));
    }

    @Test
    void detectsTonesInNoise() {
        // each tone at amplitude 4000, white noise of 800 rms: about 14 dB SNR per tone
        assertEquals("3141592653", detect(dtmf("3141592653", 80, 80, 4000, 800, 4)));
    }

    @Test
    void rejectsTooShortTonesAndTooMuchTwist() {
        assertEquals("", detect(dtmf("5", 20, 100, 6000, 0, 5)));
        short[] twisted = new short[8000];
        for (int i = 0; i < twisted.length; i++) {
            double t = i / 8000.0;
            twisted[i] = (short) (8000 * Math.sin(2 * Math.PI * 770 * t) + 600 * Math.sin(2 * Math.PI * 1336 * t));
        }
        assertEquals("", detect(twisted), "a 22 dB twist is not DTMF");
    }

    @Test
    void speechLikeSignalsDoNotTrigger() {
        Random rnd = new Random(7);
        short[] speech = new short[8000 * 10];
        double phase = 0;
        for (int i = 0; i < speech.length; i++) {
            // a vowel-like harmonic series whose pitch glides between 90 and 260 Hz, formants near 700 and
            // 1200 Hz (where DTMF rows and columns sit), amplitude-modulated in syllables, plus breath noise
            double t = i / 8000.0;
            double f0 = 175 + 85 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / 8000.0;
            double v = 0;
            for (int h = 1; h * f0 < 3400; h++) {
                double f = h * f0;
                double formant = Math.exp(-Math.pow((f - 700) / 150, 2)) + 0.7 * Math.exp(-Math.pow((f - 1200) / 200, 2))
                        + 0.2;
                v += formant * Math.sin(h * phase) / Math.sqrt(h);
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            speech[i] = (short) Math.max(-32768, Math.min(32767, 4000 * envelope * v + rnd.nextGaussian() * 200));
        }
        assertEquals("", detect(speech));
        short[] noise = new short[8000 * 5];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (rnd.nextGaussian() * 5000);
        }
        assertEquals("", detect(noise));
        short[] single = new short[8000];
        for (int i = 0; i < single.length; i++) {
            single[i] = (short) (10000 * Math.sin(2 * Math.PI * 1004 * i / 8000.0));
        }
        assertEquals("", detect(single), "a 1004 Hz test tone is not DTMF");
    }
}

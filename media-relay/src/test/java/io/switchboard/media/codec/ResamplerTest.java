package io.switchboard.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static short[] tone(double hz, int rate, int samples, int amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static double rms(short[] s, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += (double) s[i] * s[i];
        }
        return Math.sqrt(e / (to - from));
    }

    /** Share of the energy at {@code hz} (generalised Goertzel), 1.0 for a pure tone. */
    private static double share(short[] s, int from, int to, double hz, int rate) {
        double c = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < to; i++) {
            double s0 = s[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) s[i] * s[i];
        }
        return (s1 * s1 + s2 * s2 - c * s1 * s2) / (energy * (to - from) / 2);
    }

    @Test
    void keepsTelephoneBandTonesAtTheirFrequencyAndLevel() {
        short[] in = tone(1000, 22050, 22050, 10000);
        short[] out = Resampler.resample(in, 22050, 8000);
        assertEquals(8000, out.length);
        assertTrue(share(out, 500, 7500, 1000, 8000) > 0.98);
        assertEquals(10000 / Math.sqrt(2), rms(out, 500, 7500), 200);
    }

    @Test
    void removesWhatWouldAliasIntoTheBand() {
        // 5 kHz is above the 4 kHz Nyquist of 8 kHz: without filtering it would fold to 3 kHz
        short[] out = Resampler.resample(tone(5000, 22050, 22050, 10000), 22050, 8000);
        assertTrue(rms(out, 500, 7500) < 100, "aliased residue rms " + rms(out, 500, 7500));
        // 6 kHz would fold to 2 kHz, the middle of the speech band: more than 40 dB down
        short[] six = Resampler.resample(tone(6000, 22050, 22050, 10000), 22050, 8000);
        assertTrue(rms(six, 500, 7500) < 10000 / Math.sqrt(2) / 100, "aliased residue rms " + rms(six, 500, 7500));
    }

    @Test
    void sameRateIsACopy() {
        short[] in = {1, 2, 3};
        assertArrayEquals(in, Resampler.resample(in, 8000, 8000));
    }
}

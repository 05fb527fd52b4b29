package io.switchboard.media.codec;

/**
 * Band-limited sample-rate conversion of 16-bit mono audio with a Blackman-windowed sinc kernel, for
 * bringing TTS output (espeak-ng writes 22050 Hz) to the 8 kHz of G.711. The cut-off sits at 95% of the
 * lower Nyquist frequency, so nothing above 3.8 kHz folds back into the telephone band. Not for the packet
 * path: it allocates its output and costs about 64 multiply-adds per output sample.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
        if (fromRate == toRate) {
            return in.clone();
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = 0.5 * 0.95 * Math.min(1.0, ratio); // cycles per input sample
        double halfWidth = ZERO_CROSSINGS / (2 * cutoff); // kernel half-length in input samples
        int outLength = (int) Math.floor(in.length * ratio);
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            double x = n / ratio;
            int first = (int) Math.ceil(x - halfWidth);
            int last = (int) Math.floor(x + halfWidth);
            double sum = 0;
            for (int k = Math.max(0, first); k <= Math.min(in.length - 1, last); k++) {
                double d = x - k;
                sum += in[k] * 2 * cutoff * sinc(2 * cutoff * d) * blackman(d / halfWidth);
            }
            out[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        return out;
    }

    private static double sinc(double u) {
        return u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    }

    /** Blackman window over [-1, 1]. */
    private static double blackman(double t) {
        if (t <= -1 || t >= 1) {
            return 0;
        }
        return 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t);
    }
}

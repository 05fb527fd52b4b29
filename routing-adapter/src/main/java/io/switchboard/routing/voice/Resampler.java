package io.switchboard.routing.voice;

/**
 * Sample-rate conversion for synthesised speech (espeak-ng speaks at 22.05 kHz, prompts play at 8 kHz):
 * a Blackman-windowed sinc low-pass at 90% of the lower Nyquist frequency, evaluated at each output
 * instant. Offline work on short clips, so clarity wins over speed.
 */
final class Resampler {

    /** Taps on each side of the centre, in input samples at the cutoff's scale. */
    private static final int HALF_WIDTH = 16;

    private Resampler() {
    }

    static short[] toRate(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in.clone();
        }
        double step = (double) fromRate / toRate;
        // Cutoff relative to the input rate: below both Nyquist frequencies, with room for the window's slope.
        double cutoff = 0.9 * 0.5 * Math.min(1.0, (double) toRate / fromRate);
        int reach = (int) Math.ceil(HALF_WIDTH / (2 * cutoff));
        int outLength = (int) Math.floor(in.length / step);
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            double t = n * step;
            int centre = (int) Math.floor(t);
            double acc = 0;
            for (int k = centre - reach + 1; k <= centre + reach; k++) {
                if (k < 0 || k >= in.length) {
                    continue;
                }
                double x = t - k;
                acc += in[k] * kernel(x, cutoff, reach);
            }
            out[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }
        return out;
    }

    /** 2·fc·sinc(2·fc·x), Blackman-windowed over |x| < reach. */
    private static double kernel(double x, double cutoff, int reach) {
        if (Math.abs(x) >= reach) {
            return 0;
        }
        double arg = 2 * cutoff * x;
        double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
        double w = 0.42 + 0.5 * Math.cos(Math.PI * x / reach) + 0.08 * Math.cos(2 * Math.PI * x / reach);
        return 2 * cutoff * sinc * w;
    }
}

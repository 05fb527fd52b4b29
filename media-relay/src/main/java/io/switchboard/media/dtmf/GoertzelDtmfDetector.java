package io.switchboard.media.dtmf;

/**
 * In-band DTMF detection (ITU-T Q.23/Q.24 tone pairs) with the Goertzel algorithm over 20 ms blocks of
 * 8 kHz linear audio.
 *
 * <p>A block shows a digit when one row and one column tone are both above the level threshold, each
 * stands {@link #PEAK_RATIO} above the other tones of its group, their ratio stays within the twist limits,
 * and the pair carries most of the block's energy (speech and music spread theirs over many frequencies).
 * A digit is reported after {@link #MIN_BLOCKS} consecutive blocks agree (40 ms, the Q.24 minimum), once,
 * and another is accepted only after {@link #MIN_GAP_BLOCKS} blocks without any digit.
 */
public final class GoertzelDtmfDetector {
    public static final int BLOCK = 160;
    static final double[] ROWS = {697, 770, 852, 941};
    static final double[] COLS = {1209, 1336, 1477, 1633};
    static final char[][] KEYS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    /** Minimum tone power: a sine of amplitude 400 (about -35 dBm0) over a block, (A * N / 2)^2. */
    static final double MIN_POWER = Math.pow(400.0 * BLOCK / 2, 2);
    /** 8 dB allowed either way between the two tones. */
    static final double MAX_TWIST = 6.31;
    /** The winning tone must beat the others of its group by 8 dB. */
    static final double PEAK_RATIO = 6.31;
    /** The pair must hold this share of the block's energy. */
    static final double MIN_ENERGY_SHARE = 0.6;
    static final int MIN_BLOCKS = 2;
    static final int MIN_GAP_BLOCKS = 2;

    private static final double[] ROW_COEFF = coefficients(ROWS);
    private static final double[] COL_COEFF = coefficients(COLS);

    private final double[] rowPower = new double[4];
    private final double[] colPower = new double[4];
    private char candidate;
    private int candidateBlocks;
    private char active;
    private int quietBlocks;

    private static double[] coefficients(double[] freqs) {
        double[] c = new double[freqs.length];
        for (int i = 0; i < freqs.length; i++) {
            c[i] = 2 * Math.cos(2 * Math.PI * freqs[i] / 8000.0);
        }
        return c;
    }

    /**
     * Analyses one block of {@link #BLOCK} samples starting at {@code offset}.
     *
     * @return the digit newly detected at the end of this block, or 0
     */
    public char process(short[] samples, int offset) {
        char seen = classify(samples, offset);
        if (seen != 0 && seen == candidate) {
            candidateBlocks++;
        } else {
            candidate = seen;
            candidateBlocks = seen != 0 ? 1 : 0;
        }
        if (seen == 0) {
            // a digit ends only after a real pause, so one weak block inside a tone does not repeat it
            if (++quietBlocks >= MIN_GAP_BLOCKS) {
                active = 0;
            }
            return 0;
        }
        quietBlocks = 0;
        if (active == 0 && candidateBlocks >= MIN_BLOCKS) {
            active = seen;
            return seen;
        }
        return 0;
    }

    /** The digit whose tone pair dominates this block, or 0. */
    char classify(short[] samples, int offset) {
        double energy = 0;
        for (int i = 0; i < BLOCK; i++) {
            double x = samples[offset + i];
            energy += x * x;
        }
        if (energy * BLOCK / 2 < 2 * MIN_POWER) {
            return 0;
        }
        for (int k = 0; k < 4; k++) {
            rowPower[k] = goertzel(samples, offset, ROW_COEFF[k]);
            colPower[k] = goertzel(samples, offset, COL_COEFF[k]);
        }
        int row = strongest(rowPower);
        int col = strongest(colPower);
        double r = rowPower[row];
        double c = colPower[col];
        if (r < MIN_POWER || c < MIN_POWER) {
            return 0;
        }
        if (r > c * MAX_TWIST || c > r * MAX_TWIST) {
            return 0;
        }
        if (!dominates(rowPower, row) || !dominates(colPower, col)) {
            return 0;
        }
        // For a pure pair, r + c equals energy * N / 2; speech spreads its energy over many frequencies.
        if (r + c < MIN_ENERGY_SHARE * energy * BLOCK / 2) {
            return 0;
        }
        return KEYS[row][col];
    }

    private static double goertzel(short[] samples, int offset, double coeff) {
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < BLOCK; i++) {
            double s0 = samples[offset + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    private static int strongest(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean dominates(double[] p, int winner) {
        for (int i = 0; i < p.length; i++) {
            if (i != winner && p[winner] < p[i] * PEAK_RATIO) {
                return false;
            }
        }
        return true;
    }
}

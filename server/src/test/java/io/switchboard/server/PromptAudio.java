package io.switchboard.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compares audio a caller heard with the prompt file it should have been. */
final class PromptAudio {
    /** The relay starts a prompt at its first sample; a little slack keeps the test about content, not framing. */
    private static final int MAX_OFFSET = 320;

    private PromptAudio() {
    }

    /**
     * The best normalised correlation (1.0 = identical up to G.711 quantisation) between {@code heard} and
     * the 16-bit PCM samples of {@code wav} starting within the first {@link #MAX_OFFSET} samples.
     */
    static double bestCorrelation(short[] heard, Path wav) throws IOException {
        return correlationAround(heard, pcm16(wav), 0, MAX_OFFSET);
    }

    /**
     * The best normalised correlation between {@code heard} and {@code prompt} shifted by {@code from} to
     * {@code to} samples (prompt sample {@code i + shift} against heard sample {@code i}); only the overlap counts.
     */
    static double correlationAround(short[] heard, short[] prompt, int from, int to) {
        double best = -1;
        for (int shift = from; shift <= to; shift++) {
            double dot = 0;
            double eh = 0;
            double ep = 0;
            for (int i = Math.max(0, -shift); i < heard.length && i + shift < prompt.length; i++) {
                dot += (double) heard[i] * prompt[i + shift];
                eh += (double) heard[i] * heard[i];
                ep += (double) prompt[i + shift] * prompt[i + shift];
            }
            if (eh > 0 && ep > 0) {
                best = Math.max(best, dot / Math.sqrt(eh * ep));
            }
        }
        return best;
    }

    /** The samples of a mono 16-bit PCM WAV, found by walking its RIFF chunks. */
    static short[] pcm16(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x61746164) { // "data"
                short[] samples = new short[Math.min(size, b.limit() - pos - 8) / 2];
                b.position(pos + 8);
                b.asShortBuffer().get(samples);
                return samples;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException(wav + ": no data chunk");
    }
}

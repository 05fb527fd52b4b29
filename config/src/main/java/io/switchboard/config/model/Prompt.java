package io.switchboard.config.model;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An audio prompt ({@code prompts/NAME.wav}), checked to be 8 kHz mono WAV in 16-bit PCM or G.711.
 * {@code dataOffset} and {@code dataBytes} locate the samples in the file so a player can stream
 * them without parsing the header again.
 */
public record Prompt(String name, Path file, Encoding encoding, int sampleRate,
                     long dataOffset, long dataBytes) {

    public static final int SAMPLE_RATE = 8000;
    public static final long MAX_FILE_BYTES = 50L * 1024 * 1024;

    public Duration duration() {
        long samples = dataBytes / (encoding.bitsPerSample() / 8);
        return Duration.ofMillis(samples * 1000 / sampleRate);
    }

    /** Sample encodings accepted for prompts: 16-bit linear PCM or 8-bit G.711 (RFC 3551 PCMU/PCMA). */
    public enum Encoding {
        PCM_S16LE(16), PCMU(8), PCMA(8);

        private final int bitsPerSample;

        Encoding(int bitsPerSample) {
            this.bitsPerSample = bitsPerSample;
        }

        public int bitsPerSample() {
            return bitsPerSample;
        }
    }
}

package io.switchboard.config.model;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An audio prompt ({@code prompts/NAME.wav}), checked to be 8 kHz mono WAV in 16-bit PCM or G.711.
 * {@code dataOffset} and {@code dataBytes} locate the samples in the file so a player can stream
 * them without parsing the header again.
 */
public record Prompt(String name, Path file, AudioEncoding encoding, int sampleRate,
                     long dataOffset, long dataBytes) {

    public static final int SAMPLE_RATE = 8000;
    public static final long MAX_FILE_BYTES = 50L * 1024 * 1024;

    public Duration duration() {
        long samples = dataBytes / (encoding.bitsPerSample() / 8);
        return Duration.ofMillis(samples * 1000 / sampleRate);
    }
}

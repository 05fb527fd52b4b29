package io.switchboard.media.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Prompts to play in order: 8 kHz mono WAV files (16-bit PCM, mu-law or A-law).
 *
 * @param prompts the files, played back to back
 * @param loop start again after the last one until stopped (hold music)
 * @param stopOnDtmf stop when the caller presses a key (barge-in); the digit still reaches collections
 */
public record PlaybackRequest(List<Path> prompts, boolean loop, boolean stopOnDtmf) {
    public PlaybackRequest {
        Objects.requireNonNull(prompts, "prompts");
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt");
        }
        prompts = List.copyOf(prompts);
    }

    public static PlaybackRequest once(Path prompt) {
        return new PlaybackRequest(List.of(prompt), false, false);
    }
}

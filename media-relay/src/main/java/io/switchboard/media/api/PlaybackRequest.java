package io.switchboard.media.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to play, in order.
 *
 * @param items WAV prompts and text to speak, played back to back
 * @param loop start again after the last one until stopped (hold music)
 * @param stopOnDtmf stop when the caller presses a key (barge-in); the digit still reaches collections
 */
public record PlaybackRequest(List<PromptItem> items, boolean loop, boolean stopOnDtmf) {
    public PlaybackRequest {
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt");
        }
        items = List.copyOf(items);
    }

    /** Plays one WAV file once. */
    public static PlaybackRequest once(Path prompt) {
        return new PlaybackRequest(List.of(PromptItem.file(prompt)), false, false);
    }

    /** Plays WAV files in order. */
    public static PlaybackRequest files(List<Path> prompts, boolean loop, boolean stopOnDtmf) {
        return new PlaybackRequest(prompts.stream().map(PromptItem::file).toList(), loop, stopOnDtmf);
    }

    /** Speaks {@code text} once with {@code voice} (an espeak-ng voice name with the default synthesizer). */
    public static PlaybackRequest speak(String text, String voice, boolean stopOnDtmf) {
        return new PlaybackRequest(List.of(PromptItem.speech(text, voice)), false, stopOnDtmf);
    }
}

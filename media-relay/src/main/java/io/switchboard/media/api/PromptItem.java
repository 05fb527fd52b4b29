package io.switchboard.media.api;

import java.nio.file.Path;
import java.util.Objects;

/** One element of a playback: a WAV prompt or text to speak. */
public sealed interface PromptItem permits PromptItem.WavFile, PromptItem.Speech {

    /** An 8 kHz mono WAV file (16-bit PCM, mu-law or A-law), decoded once and cached. */
    record WavFile(Path path) implements PromptItem {
        public WavFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Text rendered by the relay's {@link SpeechSynthesizer} off the event loop, cached by text and voice. */
    record Speech(String text, String voice) implements PromptItem {
        public Speech {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(voice, "voice");
            if (text.isBlank()) {
                throw new IllegalArgumentException("nothing to say");
            }
        }
    }

    static PromptItem file(Path path) {
        return new WavFile(path);
    }

    static PromptItem speech(String text, String voice) {
        return new Speech(text, voice);
    }
}

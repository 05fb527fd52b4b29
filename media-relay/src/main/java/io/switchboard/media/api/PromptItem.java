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

    /**
     * Text rendered by the relay's {@link SpeechSynthesizer} off the event loop, cached by text, voice and
     * kind. With the default synthesizer {@code voice} is an espeak-ng voice, optionally with a variant
     * ({@code en-us}, {@code en-us+f3}); {@code ssml} says {@code text} is an SSML document
     * ({@code <speak>...</speak>}) whose markup espeak-ng interprets (break, prosody, emphasis, say-as...).
     */
    record Speech(String text, String voice, boolean ssml) implements PromptItem {
        public Speech {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(voice, "voice");
            if (text.isBlank()) {
                throw new IllegalArgumentException("nothing to say");
            }
            if (voice.isBlank()) {
                throw new IllegalArgumentException("no voice");
            }
        }

        /** Plain text. */
        public Speech(String text, String voice) {
            this(text, voice, false);
        }
    }

    static PromptItem file(Path path) {
        return new WavFile(path);
    }

    static PromptItem speech(String text, String voice) {
        return new Speech(text, voice, false);
    }

    /** An SSML document to speak. */
    static PromptItem ssml(String document, String voice) {
        return new Speech(document, voice, true);
    }
}

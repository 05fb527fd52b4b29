package io.switchboard.routing.port;

import java.util.Objects;

/** One thing to play to a caller: a recorded prompt from the library, or text to synthesise. */
public sealed interface Prompt {

    /** A prompt from the instance's library, by local name (8 kHz WAV). */
    record Library(String name) implements Prompt {
        public Library {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Text for the speech synthesiser. {@code ssml} says the text is an SSML document; {@code voice} is
     * an espeak-ng voice id (for example {@code en-us+f3}), already mapped from the flow's voice name.
     */
    record Speech(String text, boolean ssml, String voice) implements Prompt {
        public Speech {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(voice, "voice");
        }
    }
}

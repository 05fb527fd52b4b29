package io.switchboard.media.api;

import java.io.IOException;

/** Turns text or SSML into 8 kHz audio; blocking, so the relay calls it off the event loops only. */
public interface SpeechSynthesizer {
    /**
     * 8 kHz mono 16-bit samples speaking {@code speech} (plain text, or SSML when {@link PromptItem.Speech#ssml})
     * with its voice.
     *
     * @throws IOException with a message that names the voice, or the engine when it cannot be run
     */
    short[] synthesize(PromptItem.Speech speech) throws IOException;

    /**
     * Checks that the synthesizer can speak with {@code voice} (including its variant, if any); called when a
     * flow is loaded, so a missing engine or voice is reported then rather than during a call.
     *
     * @throws IllegalStateException naming what is missing
     */
    void checkAvailable(String voice);

    /**
     * Checks that the engine itself can run, whatever the voice; the server says in {@code /health} when it
     * cannot, since then only speech shipped pre-rendered is heard. The default has nothing to check.
     *
     * @throws IllegalStateException with a short message naming what is missing ("espeak-ng missing")
     */
    default void checkEngine() {
    }
}

package io.switchboard.media.api;

import java.io.IOException;

/** Turns text into 8 kHz audio; blocking, so the relay calls it off the event loops only. */
public interface SpeechSynthesizer {
    /** 8 kHz mono 16-bit samples speaking {@code text} with {@code voice}. */
    short[] synthesize(String text, String voice) throws IOException;

    /**
     * Checks that the synthesizer can speak with {@code voice}; called when a flow is loaded, so a missing
     * engine or voice is reported then rather than during a call.
     *
     * @throws IllegalStateException naming what is missing
     */
    void checkAvailable(String voice);
}

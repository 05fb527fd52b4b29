package io.switchboard.routing.voice;

import io.switchboard.routing.port.Prompt;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/** Turns text (or SSML) into an 8 kHz mono 16-bit WAV file the relay can play. Never blocks the caller. */
public interface SpeechSynthesizer {

    /** Completes with the WAV file of {@code speech}, or exceptionally when it cannot be synthesised. */
    CompletionStage<Path> synthesize(Prompt.Speech speech);

    /** Why speech is not available on this machine, or null when it is; reported once at load time. */
    String unavailableReason();
}

package io.switchboard.media;

import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.internal.DefaultMediaRelay;
import io.switchboard.media.player.EspeakSynthesizer;

/**
 * Starts the media relay: the module's composition root. It sits beside {@code api} rather than in it, so
 * the contracts import nothing of the implementation and the packages form no cycle.
 */
public final class MediaRelays {
    private MediaRelays() {
    }

    /** Starts the relay's event loops, speaking text with espeak-ng. */
    public static MediaRelay start(MediaRelaySettings settings, MediaEventListener listener) {
        return start(settings, listener, new EspeakSynthesizer());
    }

    /** Starts the relay's event loops with another speech engine. */
    public static MediaRelay start(MediaRelaySettings settings, MediaEventListener listener,
            SpeechSynthesizer speech) {
        return DefaultMediaRelay.start(settings, listener, speech);
    }
}

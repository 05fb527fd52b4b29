package io.switchboard.routing.voice;

import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's event listener for the contact center. The relay needs its listener when it starts and the
 * contact center needs the started relay, so this object is created first, handed to
 * {@code MediaRelay.start}, and bound to the contact center afterwards. Events before binding concern no
 * contact (there are no endpoints yet) and are dropped.
 */
public final class VoiceMediaEvents implements MediaEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceMediaEvents.class);

    /** What the events drive; implemented by the contact center. */
    interface Target {
        void digit(EndpointId endpoint, char digit, DtmfSource source);

        void playbackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome);

        void mediaTimeout(EndpointId endpoint);

        void digitsSent(EndpointId endpoint);

        void recordingClosed(RecordingId recording, Path file, Duration duration);
    }

    private volatile Target target;

    void bind(Target value) {
        this.target = value;
    }

    @Override
    public void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
        toTarget(t -> t.digit(endpoint, digit, source));
    }

    @Override
    public void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
        toTarget(t -> t.playbackDone(endpoint, playbackId, outcome));
    }

    @Override
    public void onDigitsSent(EndpointId endpoint, String digits) {
        toTarget(t -> t.digitsSent(endpoint));
    }

    @Override
    public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
        toTarget(t -> t.recordingClosed(recording, file, duration));
    }

    @Override
    public void onMediaTimeout(EndpointId endpoint) {
        if (!toTarget(t -> t.mediaTimeout(endpoint))) {
            LOG.debug("media timeout on {} before the contact center was bound", endpoint);
        }
    }

    /** Hands an event to the bound contact center; false (event dropped) before binding. */
    private boolean toTarget(Consumer<Target> event) {
        Target t = target;
        if (t == null) {
            return false;
        }
        event.accept(t);
        return true;
    }
}

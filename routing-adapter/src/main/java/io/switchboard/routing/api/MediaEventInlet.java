package io.switchboard.routing.api;

import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's event listener for the contact center. The relay needs its listener when it starts and the
 * contact center needs the started relay, so this object is created first, handed to the relay's start, and
 * bound once to the contact center by {@link ContactCenter#start}. Events before binding concern no contact
 * (there are no endpoints yet) and are dropped.
 */
public final class MediaEventInlet implements MediaEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEventInlet.class);
    private static final MediaEventListener UNBOUND = new MediaEventListener() {
    };

    private volatile MediaEventListener target = UNBOUND;

    /** Sends the events to {@code listener} from now on; once. */
    void bind(MediaEventListener listener) {
        if (target != UNBOUND) {
            throw new IllegalStateException("media events are already bound");
        }
        this.target = listener;
    }

    @Override
    public void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
        target.onDtmf(endpoint, digit, source);
    }

    @Override
    public void onDigitsCollected(EndpointId endpoint, String digits, CollectOutcome outcome) {
        target.onDigitsCollected(endpoint, digits, outcome);
    }

    @Override
    public void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
        target.onPlaybackDone(endpoint, playbackId, outcome);
    }

    @Override
    public void onDigitsSent(EndpointId endpoint, String digits) {
        target.onDigitsSent(endpoint, digits);
    }

    @Override
    public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
        target.onRecordingClosed(recording, file, duration);
    }

    @Override
    public void onTransportFailed(EndpointId endpoint, io.switchboard.media.api.TransportFailure reason) {
        target.onTransportFailed(endpoint, reason);
    }

    @Override
    public void onMediaTimeout(EndpointId endpoint) {
        MediaEventListener t = target;
        if (t == UNBOUND) {
            LOG.debug("media timeout on {} before the contact center was bound", endpoint);
        }
        t.onMediaTimeout(endpoint);
    }
}

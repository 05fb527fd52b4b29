package io.switchboard.media.internal;

import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the API listener in order on one thread, so a slow or failing listener never runs on
 * (or throws into) a media loop.
 */
final class SerialEventDispatcher implements MediaEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialEventDispatcher.class);

    private final MediaEventListener listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DefaultMediaRelay.daemon("media-events"));

    SerialEventDispatcher(MediaEventListener listener) {
        this.listener = listener;
    }

    private void deliver(String what, Runnable call) {
        try {
            thread.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.warn("media event listener failed on {}", what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("media relay closed; dropped event {}", what);
        }
    }

    @Override
    public void onMediaTimeout(EndpointId endpoint) {
        deliver("media timeout", () -> listener.onMediaTimeout(endpoint));
    }

    @Override
    public void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
        deliver("dtmf", () -> listener.onDtmf(endpoint, digit, source));
    }

    @Override
    public void onDigitsCollected(EndpointId endpoint, String digits, CollectOutcome outcome) {
        deliver("digits collected", () -> listener.onDigitsCollected(endpoint, digits, outcome));
    }

    @Override
    public void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
        deliver("playback done", () -> listener.onPlaybackDone(endpoint, playbackId, outcome));
    }

    @Override
    public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
        deliver("recording closed", () -> listener.onRecordingClosed(recording, file, duration));
    }

    @Override
    public void onDigitsSent(EndpointId endpoint, String digits) {
        deliver("digits sent", () -> listener.onDigitsSent(endpoint, digits));
    }

    @Override
    public void onTransportFailed(EndpointId endpoint, io.switchboard.media.api.TransportFailure reason) {
        deliver("transport failed", () -> listener.onTransportFailed(endpoint, reason));
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}

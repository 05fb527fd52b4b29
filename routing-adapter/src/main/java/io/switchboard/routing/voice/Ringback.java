package io.switchboard.routing.voice;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.PlaybackRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ringback tone a transferred caller hears while the third party's phone rings: {@code Ringback.wav} looped
 * to the caller's endpoint until stopped. It starts at most once and, once stopped, never again.
 *
 * <p>Its play and its stop both go through the call's play chain ({@link VoiceCall#chainPlay}), so the stop
 * reaches the relay after the tone started and before anything the flow plays next: the tone can neither
 * outlive its stop nor cut the next prompt. While it is the call's current playback, a late stop of an older
 * prompt is ignored rather than silencing the tone. Any thread; the state is guarded by the call's monitor
 * (the one {@link VoiceCall#replacePlayback} holds), so a flow prompt asked for after {@link #stop} is always
 * the current playback, never the tone.
 */
final class Ringback {

    private static final Logger LOG = LoggerFactory.getLogger(Ringback.class);

    private final VoiceCall call;
    private final MediaRelay relay;
    /** The tone's file, or null when the instance has none (then the caller hears silence, as before). */
    private final Path tone;
    /** Guarded by call. */
    private boolean started;
    /** Guarded by call. */
    private boolean stopped;
    /** Guarded by call: the play request went to the relay (set in chain order). */
    private boolean sent;

    Ringback(VoiceCall call, MediaRelay relay, Path tone) {
        this.call = call;
        this.relay = relay;
        this.tone = tone;
    }

    /** Starts the tone, unless it already started, was stopped, or the caller is gone. */
    void start() {
        EndpointId endpoint;
        synchronized (call) {
            endpoint = call.endpoint();
            if (started || stopped || tone == null || endpoint == null || call.ended()) {
                return;
            }
            started = true;
            // Never stopped through this object: the stop below goes through the chain instead.
            call.replacePlayback(new RelayPlayback(() -> { }));
        }
        call.chainPlay(() -> {
            synchronized (call) {
                if (stopped) {
                    return CompletableFuture.completedFuture(0L);
                }
                sent = true;
            }
            return relay.play(endpoint, PlaybackRequest.files(List.of(tone), true, false));
        }).whenComplete((id, error) -> {
            if (error != null && !call.ended()) {
                LOG.warn("contact {}: no ringback tone: {}", call.contact(), RelayMediaPort.rootMessage(error));
            }
        });
    }

    /** Stops the tone (if it started); idempotent. */
    void stop() {
        EndpointId endpoint;
        synchronized (call) {
            endpoint = call.endpoint();
            if (stopped) {
                return;
            }
            stopped = true;
            if (!started) {
                return;
            }
        }
        call.chainPlay(() -> {
            synchronized (call) {
                if (!sent) {
                    return CompletableFuture.completedFuture(0L);
                }
            }
            return relay.stopPlayback(endpoint).thenApply(v -> 0L);
        }).whenComplete((id, error) -> {
            if (error != null) {
                // The caller's endpoint went with the call: nothing left to stop.
                LOG.debug("contact {}: ringback already gone: {}", call.contact(), RelayMediaPort.rootMessage(error));
            }
        });
    }
}

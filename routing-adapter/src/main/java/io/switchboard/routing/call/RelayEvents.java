package io.switchboard.routing.call;

import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.flow.engine.FlowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's events (delivered on its event thread) handed over to the contact center's loop, where each
 * finds its call by endpoint: digits go to the contact's flow, playback and recording ends to the media
 * port, "digits sent" to the transfer that sent them, and a media timeout ends the call.
 */
final class RelayEvents implements MediaEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(RelayEvents.class);

    private final ContactCenterLoop loop;
    private final CallRegistry calls;
    private final RelayMediaPort media;
    private final Supplier<FlowEngine> engine;

    /** Where transport failures of endpoints that are not callers' go (the agents' softphones); on the loop. */
    private volatile java.util.function.BiConsumer<EndpointId, TransportFailure> transportFailures = (e, f) -> {
    };

    RelayEvents(ContactCenterLoop loop, CallRegistry calls, RelayMediaPort media, Supplier<FlowEngine> engine) {
        this.loop = loop;
        this.calls = calls;
        this.media = media;
        this.engine = engine;
    }

    @Override
    public void onDtmf(EndpointId endpoint, char digit, DtmfSource source) {
        loop.execute(() -> calls.byEndpoint(endpoint).ifPresent(call -> {
            try (var mdc = call.logContext()) {
                LOG.debug("contact {}: digit {} ({})", call.contact(), digit, source);
            } finally {
                org.slf4j.MDC.remove("callId");
            }
            engine.get().digit(call.contact(), digit);
        }));
    }

    @Override
    public void onDigitsSent(EndpointId endpoint, String digits) {
        loop.execute(() -> calls.thirdParty(endpoint).ifPresent(ThirdPartyLeg::digitsSent));
    }

    @Override
    public void onPlaybackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
        loop.execute(() -> media.playbackDone(endpoint, playbackId, outcome));
    }

    @Override
    public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
        loop.execute(() -> media.recordingClosed(recording, file, duration));
    }

    void onTransportFailure(java.util.function.BiConsumer<EndpointId, TransportFailure> handler) {
        transportFailures = handler;
    }

    @Override
    public void onTransportFailed(EndpointId endpoint, TransportFailure reason) {
        loop.execute(() -> transportFailures.accept(endpoint, reason));
    }

    @Override
    public void onMediaTimeout(EndpointId endpoint) {
        loop.execute(() -> calls.byEndpoint(endpoint).ifPresent(call -> {
            call.warn("contact {}: no media from the caller; hanging up", call.contact());
            // The contact's end releases the call once its record is written.
            engine.get().hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
        }));
    }
}

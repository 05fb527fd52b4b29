package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.OfferRejectedException;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.RecordingId;
import io.switchboard.routing.core.ContactCenterLoop;
import java.util.concurrent.CompletableFuture;

/**
 * The media relay as the calls use it: the same requests, but every answer completes on the contact
 * center's loop, so whatever a call chains on it runs there and touches the call's state without a lock.
 * The relay's own futures complete on its media loops; this is the one place that hops.
 */
public final class LoopRelay {

    private final MediaRelay relay;
    private final ContactCenterLoop loop;

    public LoopRelay(MediaRelay relay, ContactCenterLoop loop) {
        this.relay = relay;
        this.loop = loop;
    }

    public CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer) {
        return loop.adopt(relay.answer(callId, sdpOffer));
    }

    /** An answer whose endpoint admits RTP sources as {@code sources} says (the leg's trunk's setting). */
    public CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer, MediaSourcePolicy sources) {
        return loop.adopt(relay.answer(callId, sdpOffer, sources));
    }

    public CompletableFuture<NegotiatedEndpoint> offer(String callId) {
        return loop.adopt(relay.offer(callId));
    }

    /** An offer whose endpoint admits RTP sources as {@code sources} says (the leg's trunk's setting). */
    public CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaSourcePolicy sources) {
        return loop.adopt(relay.offer(callId, sources));
    }

    /** An offer for {@code profile} (plain RTP, or a WebRTC endpoint whose answer comes from a browser). */
    public CompletableFuture<NegotiatedEndpoint> offer(String callId, io.switchboard.media.api.MediaProfile profile) {
        return loop.adopt(relay.offer(callId, profile));
    }

    public CompletableFuture<Void> acceptAnswer(EndpointId endpoint, String sdpAnswer) {
        return loop.adopt(relay.acceptAnswer(endpoint, sdpAnswer));
    }

    public CompletableFuture<String> update(EndpointId endpoint, String sdpOffer) {
        return loop.adopt(relay.update(endpoint, sdpOffer));
    }

    public CompletableFuture<Void> bridge(EndpointId a, EndpointId b) {
        return loop.adopt(relay.bridge(a, b));
    }

    public CompletableFuture<Void> unbridge(EndpointId endpoint) {
        return loop.adopt(relay.unbridge(endpoint));
    }

    public CompletableFuture<Long> play(EndpointId endpoint, PlaybackRequest request) {
        return loop.adopt(relay.play(endpoint, request));
    }

    public CompletableFuture<Void> stopPlayback(EndpointId endpoint) {
        return loop.adopt(relay.stopPlayback(endpoint));
    }

    public CompletableFuture<Void> sendDigits(EndpointId endpoint, String digits) {
        return loop.adopt(relay.sendDigits(endpoint, digits));
    }

    public CompletableFuture<RecordingId> startRecording(EndpointId customer, EndpointId agent, String name) {
        return loop.adopt(relay.startRecording(customer, agent, name));
    }

    public CompletableFuture<Void> stopRecording(RecordingId recording) {
        return loop.adopt(relay.stopRecording(recording));
    }

    public CompletableFuture<String> startStream(EndpointId endpoint, io.switchboard.media.api.MediaStreamRequest request) {
        return loop.adopt(relay.startStream(endpoint, request));
    }

    public CompletableFuture<Void> stopStream(String streamId) {
        return loop.adopt(relay.stopStream(streamId));
    }

    public CompletableFuture<Void> destroy(EndpointId endpoint) {
        return loop.adopt(relay.destroy(endpoint));
    }

    /** True when the relay refused a remote description (answered with 488), false for its own failures. */
    static boolean offerRejected(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OfferRejectedException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of a relay failure, for log lines. */
    static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}

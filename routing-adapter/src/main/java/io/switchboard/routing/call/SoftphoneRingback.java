package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ringback tone a softphone agent hears while the customer they dialled rings: {@code Ringback.wav} looped
 * on the agent's own persistent endpoint, from the dialling until the customer answers, is not reached, or the
 * call ends. Nothing else plays on that endpoint meanwhile (the outbound whisper plays to the customer), so
 * the stop only has to wait for the play request it follows, never to overtake it. Owned by the contact
 * center's loop.
 */
final class SoftphoneRingback {
    private static final Logger LOG = LoggerFactory.getLogger(SoftphoneRingback.class);

    /** The tone's lifecycle: it starts once and, once stopped, never plays again. */
    private enum State { PLAYING, STOPPED }

    private final LoopRelay relay;
    private final EndpointId endpoint;
    private final Object contact;
    private final CompletableFuture<Long> play;
    private State state = State.PLAYING;

    private SoftphoneRingback(LoopRelay relay, EndpointId endpoint, Object contact, CompletableFuture<Long> play) {
        this.relay = relay;
        this.endpoint = endpoint;
        this.contact = contact;
        this.play = play;
    }

    /** Starts {@code tone} on the agent's {@code endpoint}; null when the instance has no tone. */
    static SoftphoneRingback start(LoopRelay relay, EndpointId endpoint, Path tone, Object contact) {
        if (tone == null) {
            return null;
        }
        CompletableFuture<Long> play = relay.play(endpoint, PlaybackRequest.files(List.of(tone), true, false));
        play.whenComplete((id, error) -> {
            if (error != null) {
                LOG.warn("contact {}: no ringback on the agent's softphone: {}", contact, LoopRelay.rootMessage(error));
            }
        });
        return new SoftphoneRingback(relay, endpoint, contact, play);
    }

    /** Stops the tone once the relay took its play request; idempotent. */
    void stop() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        play.handle((id, error) -> error == null ? relay.stopPlayback(endpoint) : CompletableFuture.completedFuture(null))
                .thenCompose(stop -> stop).whenComplete((v, error) -> {
                    if (error != null) {
                        // the endpoint went with the agent's panel: nothing left to stop
                        LOG.debug("contact {}: softphone ringback already gone: {}", contact, LoopRelay.rootMessage(error));
                    }
                });
    }
}

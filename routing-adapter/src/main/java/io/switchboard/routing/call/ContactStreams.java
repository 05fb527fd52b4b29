package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.MediaStreaming;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaStreamRequest;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.port.StreamedAudio;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contacts' live media streams (UpdateContactMediaStreamingBehavior) over the relay, to the server the
 * instance's {@code mediaStreaming} names. One stream per contact: enabling again replaces it (a new
 * {@code start} with the new tracks); it stops when the flow disables it or the contact ends. Owned by the
 * contact center's loop.
 */
final class ContactStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ContactStreams.class);

    private final LoopRelay relay;
    private final CallRegistry calls;
    private final Supplier<InstanceConfig> config;
    /** The stream of each contact that has one (its id arrives asynchronously). */
    private final Map<ContactId, CompletableFuture<String>> streams = new HashMap<>();

    ContactStreams(LoopRelay relay, CallRegistry calls, Supplier<InstanceConfig> config) {
        this.relay = relay;
        this.calls = calls;
        this.config = config;
    }

    CompletableFuture<Void> start(ContactId contact, StreamedAudio audio) {
        Optional<MediaStreaming> settings = config.get().streaming();
        if (settings.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the instance has no mediaStreaming server configured"));
        }
        EndpointId endpoint = calls.byContact(contact).map(Call::endpoint).orElse(null);
        if (endpoint == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the contact has no media endpoint"));
        }
        stop(contact);
        MediaStreaming s = settings.get();
        MediaStreamRequest request = new MediaStreamRequest(s.url().uri(), contact.toString(), "switchboard",
                audio.fromCustomer(), audio.toCustomer(), s.bidirectional(), s.customParameters(),
                s.connectTimeoutSeconds() * 1000, s.sendQueueFrames());
        CompletableFuture<String> started = relay.startStream(endpoint, request);
        streams.put(contact, started);
        return started.handle((id, error) -> {
            if (error != null) {
                streams.remove(contact, started);
                throw new java.util.concurrent.CompletionException(new IllegalStateException(LoopRelay.rootMessage(error)));
            }
            return null;
        });
    }

    void stop(ContactId contact) {
        CompletableFuture<String> stream = streams.remove(contact);
        if (stream != null) {
            stream.thenCompose(relay::stopStream).exceptionally(error -> {
                LOG.debug("stream of contact {} had not started: {}", contact, LoopRelay.rootMessage(error));
                return null;
            });
        }
    }
}

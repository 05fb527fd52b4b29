package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.RecordingId;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.instance.InstanceResources;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.Prompt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link MediaPort} over the media relay: library prompts become the instance's WAV files, text and SSML
 * become the relay's speech items (it synthesises and caches them), and the playlist goes to the caller's
 * endpoint as one {@link PlaybackRequest}.
 * Barge-in is the engine's decision (it stops the playback when a digit matters), so requests never
 * ask the relay to stop on DTMF.
 *
 * <p>The relay loads prompts asynchronously, so two play requests sent back to back could start in the
 * opposite order; each call's requests are therefore chained ({@link Call#chainPlay}), and a stop
 * reaches the relay only for the playback the caller hears now. Owned by the contact center's loop, where
 * the engine calls it and the relay's answers and events arrive.
 */
final class RelayMediaPort implements MediaPort {

    private static final Logger LOG = LoggerFactory.getLogger(RelayMediaPort.class);

    private final LoopRelay relay;
    private final ContactStreams streams;
    private final CallRegistry calls;
    private final Supplier<InstanceResources> resources;
    /** IVR recordings in progress, by contact (the relay's id arrives asynchronously). */
    private final Map<ContactId, CompletableFuture<RecordingId>> ivrRecordings = new HashMap<>();

    RelayMediaPort(LoopRelay relay, CallRegistry calls, Supplier<InstanceResources> resources, ContactStreams streams) {
        this.relay = relay;
        this.streams = streams;
        this.calls = calls;
        this.resources = resources;
    }

    @Override
    public Playback play(ContactId contact, Playlist playlist) {
        Optional<Call> found = calls.byContact(contact);
        return play(contact, found, found.map(Call::endpoint).orElse(null), playlist);
    }

    /** The agent whisper: to the agent's phone endpoint while the whispers play. */
    @Override
    public Playback playToAgent(ContactId contact, Playlist playlist) {
        Optional<Call> found = calls.byContact(contact);
        EndpointId agent = found.map(Call::agentLeg).map(AgentSide::endpoint).orElse(null);
        return play(contact, found, agent, playlist);
    }

    private Playback play(ContactId contact, Optional<Call> found, EndpointId endpoint, Playlist playlist) {
        if (endpoint == null) {
            RelayPlayback gone = new RelayPlayback(() -> { });
            gone.fail(new IllegalStateException("contact " + contact + " has no media endpoint"));
            return gone;
        }
        Call call = found.get();
        RelayPlayback[] self = new RelayPlayback[1];
        RelayPlayback playback = new RelayPlayback(() -> {
            if (call.isCurrent(self[0])) {
                relay.stopPlayback(endpoint);
            }
        });
        self[0] = playback;
        call.replacePlayback(playback);

        CompletableFuture<Long> requested;
        try {
            List<PromptItem> items = new ArrayList<>();
            for (Prompt item : playlist.items()) {
                items.add(relayItem(item));
            }
            PlaybackRequest request = new PlaybackRequest(items, playlist.loop(), false);
            requested = call.chainPlay(() -> playback.stopped() ? CompletableFuture.completedFuture(0L)
                    : relay.play(endpoint, request));
        } catch (IllegalArgumentException e) {
            requested = CompletableFuture.failedFuture(e);
        }
        requested.whenComplete((id, error) -> {
            if (error != null) {
                call.warn("playback to contact {} failed: {}", contact, LoopRelay.rootMessage(error));
                playback.fail(error);
            } else if (id != 0L) {
                playback.started(id);
            }
        });
        return playback;
    }

    /** The relay's form of {@code item}; throws {@link IllegalArgumentException} for an unknown prompt. */
    private PromptItem relayItem(Prompt item) {
        if (item instanceof Prompt.Library library) {
            return PromptItem.file(resources.get().promptFile(library.name())
                    .orElseThrow(() -> new IllegalArgumentException("no prompt named " + library.name())));
        }
        Prompt.Speech speech = (Prompt.Speech) item;
        return new PromptItem.Speech(speech.text(), speech.voice(), speech.ssml());
    }

    /** The relay's report that a playback on {@code endpoint} ended. */
    void playbackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
        // An agent whisper plays on the agent's endpoint, which only its call's agent leg knows.
        calls.byEndpoint(endpoint).or(() -> calls.all().stream()
                .filter(c -> c.agentLeg() != null && endpoint.equals(c.agentLeg().endpoint())).findFirst())
                .ifPresent(call -> {
            RelayPlayback current = call.currentPlayback();
            if (current != null) {
                current.done(playbackId, outcome);
            }
        });
    }

    /**
     * Records the IVR part in stereo (the caller on the left, the prompts the caller hears on the right) into
     * the relay's recordings directory as {@code <ContactId>.wav}. The relay stops it when the caller's
     * endpoint goes, and {@link #recordingClosed} reports the file.
     */
    @Override
    public void startRecording(ContactId contact, RecordingBehavior behavior) {
        Optional<Call> found = calls.byContact(contact);
        EndpointId endpoint = found.map(Call::endpoint).orElse(null);
        if (endpoint == null) {
            try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
                LOG.warn("IVR recording requested for contact {}, which has no media endpoint; not recorded", contact);
            }
            return;
        }
        if (ivrRecordings.containsKey(contact)) {
            return;
        }
        CompletableFuture<RecordingId> started = relay.startRecording(endpoint, null, contact.toString());
        ivrRecordings.put(contact, started);
        started.whenComplete((id, error) -> {
            if (error == null) {
                calls.announce(new ContactEvent.RecordingStarted(contact));
            } else {
                ivrRecordings.remove(contact, started);
                try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
                    LOG.warn("IVR recording of contact {} could not start: {}", contact, LoopRelay.rootMessage(error));
                }
            }
        });
    }

    @Override
    public void stopRecording(ContactId contact) {
        CompletableFuture<RecordingId> recording = ivrRecordings.remove(contact);
        if (recording != null) {
            recording.thenCompose(relay::stopRecording).exceptionally(error -> {
                LOG.debug("IVR recording of contact {} was already stopped: {}", contact, LoopRelay.rootMessage(error));
                return null;
            });
        }
    }

    /** The relay closed a recording (stopped, or the caller's endpoint went): forget it and say where it is. */
    void recordingClosed(RecordingId recording, Path file, Duration duration) {
        ivrRecordings.values().removeIf(started -> started.isDone() && !started.isCompletedExceptionally()
                && recording.equals(started.join()));
        LOG.info("recording {} closed: {} ({} s)", recording, file, duration.toMillis() / 1000.0);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> startStreaming(ContactId contact,
            io.switchboard.routing.port.StreamedAudio audio) {
        return streams.start(contact, audio);
    }

    @Override
    public void stopStreaming(ContactId contact) {
        streams.stop(contact);
    }
}

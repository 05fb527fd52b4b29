package io.switchboard.media.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The media relay as the routing adapter sees it; {@code io.switchboard.media.MediaRelays} starts one. Every
 * method is safe to call from any thread and returns at once; the work runs on the endpoint's media loop and
 * the future completes there (do not block in its callbacks). Endpoints created with the same {@code callId}
 * share a loop and can be bridged.
 *
 * <p>A failed future carries, as its cause: {@link OfferRejectedException} when the remote SDP given to
 * {@link #answer}, {@link #acceptAnswer} or {@link #update} is unacceptable (it does not parse, or offers or
 * answers no usable audio; the message says why), and {@link IllegalArgumentException} for an unknown
 * endpoint, mixer or recording.
 */
public interface MediaRelay extends AutoCloseable {

    /**
     * Creates an endpoint that answers {@code sdpOffer}; the result holds our SDP answer. Fails with
     * {@link OfferRejectedException} when the offer is unacceptable (no endpoint is left behind). A browser's
     * offer (audio over {@code UDP/TLS/RTP/SAVPF}) makes a {@link MediaProfile#WEBRTC} endpoint: ICE-lite,
     * DTLS-SRTP, the offer's other sections answered with port 0; it bridges, records, mixes and plays like any
     * other, and {@link MediaEventListener#onTransportFailed} reports when its secure transport ends.
     */
    default CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer) {
        return answer(callId, sdpOffer, MediaSourcePolicy.LEARN_BEHIND_NAT);
    }

    /** As {@link #answer(String, String)}, a plain RTP endpoint admitting its sources as {@code sources} says. */
    CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer, MediaSourcePolicy sources);

    /** Creates an endpoint that offers PCMU, PCMA and telephone-event; complete it with {@link #acceptAnswer}. */
    default CompletableFuture<NegotiatedEndpoint> offer(String callId) {
        return offer(callId, MediaSourcePolicy.LEARN_BEHIND_NAT);
    }

    /** As {@link #offer(String)}, admitting the sources of the answer's address as {@code sources} says. */
    CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaSourcePolicy sources);

    /**
     * Creates an endpoint of {@code profile} that offers PCMU, PCMA and telephone-event: {@link MediaProfile#WEBRTC}
     * for a browser (a=setup:actpass, ICE-lite, our host candidate), {@link MediaProfile#RTP_AVP} as
     * {@link #offer(String)}. Complete it with {@link #acceptAnswer}. A relay without WebRTC fails the future
     * with {@link UnsupportedOperationException}.
     */
    default CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaProfile profile) {
        if (profile == MediaProfile.RTP_AVP) {
            return offer(callId);
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no " + profile + " endpoints here"));
    }

    /**
     * Applies the remote answer to an endpoint created by {@link #offer}. Fails with
     * {@link OfferRejectedException} when the answer is unacceptable; the endpoint is kept for the caller to
     * destroy.
     */
    CompletableFuture<Void> acceptAnswer(EndpointId endpoint, String sdpAnswer);

    /**
     * Answers a new offer for an existing endpoint (re-INVITE: hold, resume, address change). Fails with
     * {@link OfferRejectedException} when the offer is unacceptable; the endpoint then keeps its previous
     * description (RFC 3261 section 14: after a rejected re-INVITE the session stays as it was).
     */
    CompletableFuture<String> update(EndpointId endpoint, String sdpOffer);

    /**
     * Relays audio and RFC 4733 events between two endpoints, replacing earlier bridges. They may come from
     * different calls (a caller and an agent's softphone endpoint): {@code b} then moves to {@code a}'s media
     * loop (or {@code a} to {@code b}'s when {@code b} is being recorded), and anything playing on it goes on.
     */
    CompletableFuture<Void> bridge(EndpointId a, EndpointId b);

    /** Stops relaying between {@code endpoint} and its bridge peer. */
    CompletableFuture<Void> unbridge(EndpointId endpoint);

    /**
     * Plays prompts to the endpoint's peer, replacing any playback in progress; while it plays, bridged audio
     * to that peer is muted. The future yields the playback id reported by
     * {@link MediaEventListener#onPlaybackDone}.
     */
    CompletableFuture<Long> play(EndpointId endpoint, PlaybackRequest request);

    /**
     * Checks that text can be spoken with {@code voice} (with the default synthesizer an espeak-ng voice,
     * optionally with a variant: {@code en-us+f3}); call it when a flow is loaded so that a missing espeak-ng,
     * voice or variant is reported then, not during a call. Fails with {@link IllegalStateException} whose
     * message names what is missing.
     */
    CompletableFuture<Void> checkSpeech(String voice);

    /**
     * Checks that each of {@code items} can be spoken: an item the relay ships pre-rendered (the built-in
     * flows' text, in their voice) needs no speech engine at all; the others need their voice, as
     * {@link #checkSpeech(String)} checks it. Fails as that method does. Without shipped renderings (this
     * default) every item's voice is checked.
     */
    default CompletableFuture<Void> checkSpeech(List<PromptItem.Speech> items) {
        return CompletableFuture.allOf(items.stream().map(PromptItem.Speech::voice).distinct()
                .map(this::checkSpeech).toArray(CompletableFuture<?>[]::new));
    }

    /**
     * Checks that the speech engine can run at all (with the default synthesizer: that espeak-ng is
     * installed); fails with {@link IllegalStateException} whose short message names what is missing
     * ("espeak-ng missing"). Without it only shipped renderings speak. This default has nothing to check.
     */
    default CompletableFuture<Void> checkSpeechEngine() {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops the current playback, if any. */
    CompletableFuture<Void> stopPlayback(EndpointId endpoint);

    /** Starts collecting digits, replacing (cancelling) a collection in progress. */
    CompletableFuture<Void> collectDigits(EndpointId endpoint, DigitCollection request);

    /** Cancels the collection in progress, if any. */
    CompletableFuture<Void> cancelCollection(EndpointId endpoint);

    /** Sends digits as RFC 4733 events; {@link MediaEventListener#onDigitsSent} follows when done. */
    CompletableFuture<Void> sendDigits(EndpointId endpoint, String digits);

    /**
     * Starts a stereo recording of a call into {@code recordingsDir/YYYY/MM/DD/<name>.wav} (UTC date):
     * what {@code customer} receives on the left, what {@code agent} receives on the right. {@code agent}
     * may be null (an IVR): until {@link #setRecordingAgent} the right channel then has what the relay sends
     * the customer (prompts, music). Both must be on one media loop: bridge them first. Destroying the customer endpoint stops
     * the recording.
     */
    CompletableFuture<RecordingId> startRecording(EndpointId customer, EndpointId agent, String name);

    /**
     * Records {@code agent} on the right channel from now on (after a transfer); null records what the relay
     * sends the customer instead.
     */
    CompletableFuture<Void> setRecordingAgent(RecordingId recording, EndpointId agent);

    /** Records silence until resumed (the timeline keeps running). */
    CompletableFuture<Void> pauseRecording(RecordingId recording);

    CompletableFuture<Void> resumeRecording(RecordingId recording);

    /** Stops and completes the file; {@link MediaEventListener#onRecordingClosed} follows. */
    CompletableFuture<Void> stopRecording(RecordingId recording);

    /**
     * Creates a mixer for a call (conference, three-way call, listen-in, barge) on that call's media loop; a
     * participant from another call (an agent's softphone) moves there when it joins.
     */
    CompletableFuture<MixerId> createMixer(String callId);

    /**
     * Adds an endpoint to a mixer with a role, or changes its role (LISTENER to SPEAKER is barge-in). The
     * endpoint leaves its bridge, if any, and fails to join when it is recorded on another loop.
     */
    CompletableFuture<Void> joinMixer(MixerId mixer, EndpointId endpoint, MixerRole role);

    /** Removes an endpoint from a mixer; it then hears nothing until bridged or joined again. */
    CompletableFuture<Void> leaveMixer(MixerId mixer, EndpointId endpoint);

    /** Removes every participant and stops the mixer. */
    CompletableFuture<Void> destroyMixer(MixerId mixer);

    /**
     * Delivers what the endpoint receives, decoded to 8 kHz linear frames, to {@code consumer} on the
     * relay's fork thread until {@link #unfork}; returns the fork's id.
     */
    CompletableFuture<String> fork(EndpointId endpoint, AudioFrameConsumer consumer);

    /** Stops a fork. */
    CompletableFuture<Void> unfork(EndpointId endpoint, String forkId);

    /**
     * Delivers what the endpoint sends its peer (prompts, bridged audio), decoded to 8 kHz linear frames, to
     * {@code consumer} on the relay's fork thread until {@link #unfork}; returns the fork's id. A relay
     * without it fails the future with {@link UnsupportedOperationException}.
     */
    default CompletableFuture<String> forkSent(EndpointId endpoint, AudioFrameConsumer consumer) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no sent-audio forks here"));
    }

    /**
     * Starts playing live audio to the endpoint's peer (see {@link LivePlayback}): while it plays, it replaces
     * the prompts, hold music and bridged audio the peer would hear. A relay without it fails the future with
     * {@link UnsupportedOperationException}.
     */
    default CompletableFuture<LivePlayback> playLive(EndpointId endpoint, LivePlayback.Listener listener) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no live playback here"));
    }

    /**
     * Starts a live media stream of the endpoint's audio to a WebSocket server (Twilio Media Streams
     * messages); the future yields the stream's id ({@code streamSid}) once the server took the connection
     * and the {@code start} message went out, and fails when it cannot (unreachable, refused handshake,
     * timeout). The stream stops on {@link #stopStream} or when the endpoint is destroyed. A relay without
     * streaming fails the future with {@link UnsupportedOperationException}.
     */
    default CompletableFuture<String> startStream(EndpointId endpoint, MediaStreamRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no media streams here"));
    }

    /** Stops a live media stream (the {@code stop} message goes out); unknown or stopped ids are ignored. */
    default CompletableFuture<Void> stopStream(String streamId) {
        return CompletableFuture.completedFuture(null);
    }

    /** The relay's live media streams so far. */
    default MediaStreamCounters streamCounters() {
        return MediaStreamCounters.NONE;
    }

    /** The endpoint's counters now. */
    CompletableFuture<EndpointStatistics> statistics(EndpointId endpoint);

    /** Stops everything on the endpoint and frees its ports. */
    CompletableFuture<Void> destroy(EndpointId endpoint);

    /** Number of live endpoints. */
    int endpointCount();

    /** Packets refused for their source by every endpoint so far (RTP Bleed attempts among them). */
    default SourceDrops sourceDrops() {
        return SourceDrops.NONE;
    }

    /** Endpoints moved to another media loop so far, to join a bridge or a mixer there (see {@link #bridge}). */
    long endpointMoves();

    /** Destroys every endpoint and stops the loops. */
    @Override
    void close();
}

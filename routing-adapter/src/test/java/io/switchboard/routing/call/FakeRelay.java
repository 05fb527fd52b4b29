package io.switchboard.routing.call;

import io.switchboard.media.api.AudioFrameConsumer;
import io.switchboard.media.api.DigitCollection;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.MixerId;
import io.switchboard.media.api.MixerRole;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.RecordingId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A relay that records what it was asked and answers at once; no sockets. */
final class FakeRelay implements MediaRelay {

    static final String ANSWER_SDP = "v=0\r\no=relay 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 20000 RTP/AVP 0 101\r\n";

    record Play(EndpointId endpoint, long id, PlaybackRequest request) {
    }

    record Update(EndpointId endpoint, String offer) {
    }

    final List<String> offers = new CopyOnWriteArrayList<>();
    final List<EndpointId> created = new CopyOnWriteArrayList<>();
    final List<Play> plays = new CopyOnWriteArrayList<>();
    final List<EndpointId> stops = new CopyOnWriteArrayList<>();
    final List<EndpointId> destroyed = new CopyOnWriteArrayList<>();
    final List<String> offeredFor = new CopyOnWriteArrayList<>();
    /** The source policy of every endpoint answered or offered, in order. */
    final List<MediaSourcePolicy> sourcePolicies = new CopyOnWriteArrayList<>();
    final List<String> answersAccepted = new CopyOnWriteArrayList<>();
    final List<List<EndpointId>> bridges = new CopyOnWriteArrayList<>();
    final List<EndpointId> unbridged = new CopyOnWriteArrayList<>();
    final List<String> digitsSent = new CopyOnWriteArrayList<>();
    /** Answers, bridges, plays, stops and teardown in the order they were asked for, as "verb endpoint ...". */
    final List<String> journal = new CopyOnWriteArrayList<>();
    /** When a play request is accepted (given its id); by default at once. */
    volatile Function<Long, CompletableFuture<Long>> playAccepted = CompletableFuture::completedFuture;
    private final AtomicLong playbackIds = new AtomicLong();
    volatile RuntimeException answerFailure;
    /** When set, {@link #acceptAnswer} fails with it. */
    volatile RuntimeException acceptFailure;
    final List<Update> updates = new CopyOnWriteArrayList<>();
    /** How {@link #update} answers; by default at once, as {@link #answerTo} says. */
    volatile Function<String, CompletableFuture<String>> updating = offer -> CompletableFuture.completedFuture(
            answerTo(offer));

    @Override
    public CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer, MediaSourcePolicy sources) {
        offers.add(sdpOffer);
        sourcePolicies.add(sources);
        if (answerFailure != null) {
            return CompletableFuture.failedFuture(answerFailure);
        }
        EndpointId id = EndpointId.random();
        created.add(id);
        return CompletableFuture.completedFuture(new NegotiatedEndpoint(id, ANSWER_SDP));
    }

    @Override
    public CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaSourcePolicy sources) {
        offeredFor.add(callId);
        sourcePolicies.add(sources);
        EndpointId id = EndpointId.random();
        created.add(id);
        return CompletableFuture.completedFuture(new NegotiatedEndpoint(id, ANSWER_SDP));
    }

    @Override
    public CompletableFuture<Void> acceptAnswer(EndpointId endpoint, String sdpAnswer) {
        answersAccepted.add(sdpAnswer);
        journal.add("accept " + endpoint + " " + sdpAnswer);
        RuntimeException failure = acceptFailure;
        return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
    }

    @Override
    public CompletableFuture<String> update(EndpointId endpoint, String sdpOffer) {
        updates.add(new Update(endpoint, sdpOffer));
        return updating.apply(sdpOffer);
    }

    /** The answer a relay writes to an offer's direction (RFC 3264 section 6.1), on our usual SDP. */
    static String answerTo(String offer) {
        String direction = offer.contains("a=sendonly") ? "recvonly" : offer.contains("a=inactive") ? "inactive"
                : offer.contains("a=recvonly") ? "sendonly" : "sendrecv";
        return ANSWER_SDP + "a=" + direction + "\r\n";
    }

    @Override
    public CompletableFuture<Void> bridge(EndpointId a, EndpointId b) {
        bridges.add(List.of(a, b));
        journal.add("bridge " + a + " " + b);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unbridge(EndpointId endpoint) {
        unbridged.add(endpoint);
        journal.add("unbridge " + endpoint);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Long> play(EndpointId endpoint, PlaybackRequest request) {
        long id = playbackIds.incrementAndGet();
        plays.add(new Play(endpoint, id, request));
        String first = request.items().get(0) instanceof PromptItem.WavFile wav
                ? wav.path().getFileName().toString() : request.items().get(0).toString();
        journal.add("play " + endpoint + " " + first + (request.loop() ? " looped" : ""));
        return playAccepted.apply(id);
    }

    @Override
    public CompletableFuture<Void> stopPlayback(EndpointId endpoint) {
        stops.add(endpoint);
        journal.add("stop " + endpoint);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> collectDigits(EndpointId endpoint, DigitCollection request) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> cancelCollection(EndpointId endpoint) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendDigits(EndpointId endpoint, String digits) {
        digitsSent.add(digits);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<EndpointStatistics> statistics(EndpointId endpoint) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no statistics in the fake"));
    }

    @Override
    public CompletableFuture<Void> destroy(EndpointId endpoint) {
        destroyed.add(endpoint);
        journal.add("destroy " + endpoint);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long endpointMoves() {
        return 0;
    }

    @Override
    public int endpointCount() {
        return created.size() - destroyed.size();
    }

    /** Voices asked about by {@link #checkSpeech}. */
    final List<String> speechChecks = new CopyOnWriteArrayList<>();
    /** What {@link #checkSpeech} says is wrong with a voice, as the relay's message; no entry: it can speak. */
    final Map<String, String> speechFailures = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> checkSpeech(String voice) {
        speechChecks.add(voice);
        String failure = speechFailures.get(voice);
        return failure == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException(failure));
    }

    // Not used by the voice wiring these tests drive (IVR recording runs against the real relay in
    // IvrRecordingIT): a call here is a test failure, not a silent success.

    @Override
    public CompletableFuture<RecordingId> startRecording(EndpointId customer, EndpointId agent, String name) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> setRecordingAgent(RecordingId recording, EndpointId agent) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> pauseRecording(RecordingId recording) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> resumeRecording(RecordingId recording) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> stopRecording(RecordingId recording) {
        return unused();
    }

    @Override
    public CompletableFuture<MixerId> createMixer(String callId) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> joinMixer(MixerId mixer, EndpointId endpoint, MixerRole role) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> leaveMixer(MixerId mixer, EndpointId endpoint) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> destroyMixer(MixerId mixer) {
        return unused();
    }

    @Override
    public CompletableFuture<String> fork(EndpointId endpoint, AudioFrameConsumer consumer) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> unfork(EndpointId endpoint, String forkId) {
        return unused();
    }

    private static <T> CompletableFuture<T> unused() {
        throw new UnsupportedOperationException("not part of the voice wiring's contract yet");
    }

    @Override
    public void close() {
    }
}

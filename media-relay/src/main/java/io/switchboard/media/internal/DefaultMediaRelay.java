package io.switchboard.media.internal;

import io.switchboard.media.api.AudioFrameConsumer;
import io.switchboard.media.api.DigitCollection;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaProfile;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.media.api.MixerId;
import io.switchboard.media.api.MixerRole;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.OfferRejectedException;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.api.SourceDrops;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.endpoint.EndpointFactory;
import io.switchboard.media.endpoint.MediaLoops;
import io.switchboard.media.endpoint.RangePortAllocator;
import io.switchboard.media.fork.ForkTap;
import io.switchboard.media.player.Prompt;
import io.switchboard.media.player.PromptCache;
import io.switchboard.media.player.SpeechCache;
import io.switchboard.media.recorder.WavRepair;
import io.switchboard.media.sdp.AudioOfferAnswer;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.LocalAudio;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.media.sdp.SessionDescription;
import io.switchboard.media.sdp.WebRtcOfferAnswer;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay behind {@link MediaRelay}: keeps the legs by id, hands every operation to the leg's loop,
 * does blocking work (DNS, prompt decoding) on a small executor and text-to-speech on another, and delivers
 * events on one event thread.
 */
public final class DefaultMediaRelay implements MediaRelay {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMediaRelay.class);
    private static final int TELEPHONE_EVENT_PT = 101;
    /** RFC 6347 section 4.2.4.1 retransmits for about a minute; a browser gives up sooner, so do we. */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 20_000;

    private final MediaRelaySettings settings;
    private final MediaLoops loops;
    private final EndpointFactory factory;
    private final ExecutorService blocking;
    /** Runs text-to-speech, which takes far longer than the DNS and decoding work on {@link #blocking}. */
    private final ExecutorService speechThreads;
    private final SerialEventDispatcher events;
    private final PromptCache prompts;
    private final SpeechCache speech;
    private final LegRegistry legs = new LegRegistry();
    private final AtomicLong playbackIds = new AtomicLong();
    private final ExecutorService forkThread;
    private final Recordings recordings;
    private final Mixers mixers;
    private final Colocation colocation;
    /** DTLS handshakes block (see DtlsHandshake): they run here, never on a media loop. */
    private final ExecutorService handshakes;
    private final WebRtcLegs webrtc;
    private final LiveMedia live;
    private final io.switchboard.media.stream.MediaStreams streams;

    private DefaultMediaRelay(MediaRelaySettings settings, MediaLoops loops, MediaEventListener listener,
            SpeechSynthesizer synthesizer) {
        this.settings = settings;
        this.loops = loops;
        this.factory = new EndpointFactory(loops,
                new RangePortAllocator(settings.rtpPortMin(), settings.rtpPortMax()), settings);
        this.blocking = Executors.newFixedThreadPool(2, daemon("media-blocking"));
        this.events = new SerialEventDispatcher(listener);
        this.prompts = new PromptCache(blocking);
        this.speechThreads = Executors.newFixedThreadPool(2, daemon("media-speech"));
        this.speech = new SpeechCache(synthesizer, speechThreads);
        this.recordings = new Recordings(legs, settings.recordingsDir(),
                Executors.newFixedThreadPool(2, daemon("media-disk")), events);
        this.colocation = new Colocation(legs, factory, recordings, this::leaveMixers);
        this.mixers = new Mixers(legs, loops, colocation);
        this.forkThread = Executors.newSingleThreadExecutor(daemon("media-fork"));
        this.handshakes = handshakeExecutor();
        this.live = new LiveMedia(legs, forkThread);
        this.streams = new io.switchboard.media.stream.MediaStreams(this,
                new io.switchboard.media.stream.ws.NettyWebSocketConnector(1), live.playedFrames());
        this.webrtc = new WebRtcLegs(factory, legs, events, DtlsCertificate.process(), handshakes,
                HANDSHAKE_TIMEOUT_MILLIS, this::create, this::local);
    }

    /**
     * A small bounded pool: a handshake holds its thread for a few round trips (it waits in bctls' blocking
     * read), so a few threads per core keep up; a burst beyond the queue fails its handshakes at once.
     */
    private static ExecutorService handshakeExecutor() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), daemon("media-dtls"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public static DefaultMediaRelay start(MediaRelaySettings settings, MediaEventListener listener,
            SpeechSynthesizer synthesizer) {
        // before any recording is written: headers a crash left behind get the audio that reached the disk
        WavRepair.repairAll(settings.recordingsDir());
        MediaLoops loops = MediaLoops.start(settings.eventLoopThreads(), true);
        LOG.info("media relay on {} {} loop(s), RTP ports {}-{}, public address {}", loops.size(),
                loops.isEpoll() ? "epoll" : "NIO", settings.rtpPortMin(), settings.rtpPortMax(),
                settings.publicAddress());
        return new DefaultMediaRelay(settings, loops, listener, synthesizer);
    }

    /** True when the native epoll transport is in use. */
    public boolean usesEpoll() {
        return loops.isEpoll();
    }

    @Override
    public CompletableFuture<NegotiatedEndpoint> answer(String callId, String sdpOffer, MediaSourcePolicy sources) {
        CompletableFuture<SessionDescription> parsed = parse(sdpOffer);
        if (parsed.isDone() && !parsed.isCompletedExceptionally() && WebRtcOfferAnswer.isWebRtc(parsed.join())) {
            return webrtc.answer(callId, parsed.join());
        }
        return parsed
                .thenApply(offer -> {
                    try {
                        return new Object[] {offer, AudioOfferAnswer.answer(offer, Direction.SENDRECV)};
                    } catch (SdpException e) {
                        throw rejected(e);
                    }
                })
                .thenCompose(pair -> {
                    SessionDescription offer = (SessionDescription) pair[0];
                    NegotiatedAudio audio = (NegotiatedAudio) pair[1];
                    return resolve(audio).thenCompose(remote -> create(callId, !audio.rtcpMux()).thenCompose(leg ->
                            onLeg(leg.id, l -> {
                                l.endpoint.sourcePolicy(sources);
                                l.endpoint.applyRemote(audio, remote);
                                return new NegotiatedEndpoint(l.id, AudioOfferAnswer.writeAnswer(offer, audio, local(l)));
                            }).whenComplete((ok, error) -> {
                                if (error != null) {
                                    destroy(leg.id); // nobody learned the id: do not leave its ports bound
                                }
                            })));
                });
    }

    @Override
    public CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaSourcePolicy sources) {
        return create(callId, true).thenCompose(created -> onLeg(created.id, leg -> {
            leg.endpoint.sourcePolicy(sources);
            return new NegotiatedEndpoint(leg.id, AudioOfferAnswer.writeOffer(local(leg), Direction.SENDRECV));
        }));
    }

    @Override
    public CompletableFuture<NegotiatedEndpoint> offer(String callId, MediaProfile profile) {
        return profile == MediaProfile.WEBRTC ? webrtc.offer(callId) : offer(callId);
    }

    @Override
    public CompletableFuture<Void> acceptAnswer(EndpointId endpoint, String sdpAnswer) {
        Leg webrtcLeg = legs.get(endpoint);
        if (WebRtcLegs.isWebRtc(webrtcLeg)) {
            return parse(sdpAnswer).thenCompose(sd -> webrtc.acceptAnswer(webrtcLeg, sd));
        }
        return parse(sdpAnswer).thenApply(sd -> {
            try {
                return AudioOfferAnswer.acceptAnswer(sd, Direction.SENDRECV);
            } catch (SdpException e) {
                throw rejected(e);
            }
        }).thenCompose(audio -> resolve(audio).thenCompose(remote -> onLeg(endpoint, leg -> {
            leg.endpoint.applyRemote(audio, remote);
            return null;
        })));
    }

    @Override
    public CompletableFuture<String> update(EndpointId endpoint, String sdpOffer) {
        Leg webrtcLeg = legs.get(endpoint);
        if (WebRtcLegs.isWebRtc(webrtcLeg)) {
            return parse(sdpOffer).thenCompose(offer -> webrtc.update(webrtcLeg, offer));
        }
        return parse(sdpOffer).thenCompose(offer -> {
            NegotiatedAudio audio;
            try {
                audio = AudioOfferAnswer.answer(offer, Direction.SENDRECV);
            } catch (SdpException e) {
                return CompletableFuture.failedFuture(rejected(e));
            }
            return resolve(audio).thenCompose(remote -> onLeg(endpoint, leg -> {
                leg.endpoint.applyRemote(audio, remote);
                leg.sessionVersion++; // RFC 3264 section 8: a changed description gets a higher version
                return AudioOfferAnswer.writeAnswer(offer, audio, local(leg));
            }));
        });
    }

    @Override
    public CompletableFuture<Void> bridge(EndpointId a, EndpointId b) {
        Leg legA = legs.get(a);
        Leg legB = legs.get(b);
        if (legA == null || legB == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown endpoint " + (legA == null ? a : b)));
        }
        // b joins a's loop (an agent's endpoint follows its caller), see Colocation
        return colocation.colocate(legA, legB).thenCompose(moved -> onLeg(a, leg -> {
            if (legA.endpoint.loop() != legB.endpoint.loop()) {
                throw new IllegalStateException("endpoints " + a + " and " + b + " moved apart meanwhile");
            }
            mixers.leaveAll(legA.endpoint);
            mixers.leaveAll(legB.endpoint);
            legA.bridgeWith(legB);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> unbridge(EndpointId endpoint) {
        return runOnLeg(endpoint, Leg::unbridge);
    }

    @Override
    public CompletableFuture<Long> play(EndpointId endpoint, PlaybackRequest request) {
        if (legs.get(endpoint) == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint " + endpoint));
        }
        long playbackId = playbackIds.incrementAndGet();
        List<CompletableFuture<Prompt>> loads = new ArrayList<>();
        for (PromptItem item : request.items()) {
            if (item instanceof PromptItem.WavFile w) {
                loads.add(prompts.get(w.path()));
            } else if (item instanceof PromptItem.Speech s) {
                loads.add(speech.get(s));
            }
        }
        return CompletableFuture.allOf(loads.toArray(new CompletableFuture[0])).handle((ok, error) -> {
            if (error != null) {
                LOG.warn("endpoint {}: playback {} failed: {}", endpoint, playbackId, rootMessage(error));
                events.onPlaybackDone(endpoint, playbackId, PlaybackOutcome.FAILED);
                throw new CompletionException(error instanceof CompletionException ? error.getCause() : error);
            }
            return loads.stream().map(CompletableFuture::join).toList();
        }).thenCompose(loaded -> onLeg(endpoint, leg -> {
            leg.play(playbackId, loaded, request.loop(), request.stopOnDtmf());
            return playbackId;
        }));
    }

    @Override
    public CompletableFuture<Void> checkSpeech(String voice) {
        return CompletableFuture.runAsync(() -> speech.synthesizer().checkAvailable(voice), speechThreads);
    }

    @Override
    public CompletableFuture<Void> checkSpeech(List<PromptItem.Speech> items) {
        return CompletableFuture.allOf(items.stream().filter(item -> !speech.shipped(item))
                .map(PromptItem.Speech::voice).distinct().map(this::checkSpeech).toArray(CompletableFuture<?>[]::new));
    }

    @Override
    public CompletableFuture<Void> checkSpeechEngine() {
        return CompletableFuture.runAsync(() -> speech.synthesizer().checkEngine(), speechThreads);
    }

    @Override
    public CompletableFuture<Void> stopPlayback(EndpointId endpoint) {
        return runOnLeg(endpoint, Leg::stopPlayback);
    }

    @Override
    public CompletableFuture<Void> collectDigits(EndpointId endpoint, DigitCollection request) {
        return runOnLeg(endpoint, leg -> leg.collect(request));
    }

    @Override
    public CompletableFuture<Void> cancelCollection(EndpointId endpoint) {
        return runOnLeg(endpoint, Leg::cancelCollection);
    }

    @Override
    public CompletableFuture<Void> sendDigits(EndpointId endpoint, String digits) {
        return runOnLeg(endpoint, leg -> leg.sendDigits(digits));
    }

    @Override
    public CompletableFuture<RecordingId> startRecording(EndpointId customer, EndpointId agent, String name) {
        return recordings.start(customer, agent, name);
    }

    @Override
    public CompletableFuture<Void> setRecordingAgent(RecordingId recording, EndpointId agent) {
        return recordings.setAgent(recording, agent);
    }

    @Override
    public CompletableFuture<Void> pauseRecording(RecordingId recording) {
        return recordings.pause(recording);
    }

    @Override
    public CompletableFuture<Void> resumeRecording(RecordingId recording) {
        return recordings.resume(recording);
    }

    @Override
    public CompletableFuture<Void> stopRecording(RecordingId recording) {
        return recordings.stop(recording);
    }

    @Override
    public CompletableFuture<MixerId> createMixer(String callId) {
        return mixers.create(callId);
    }

    @Override
    public CompletableFuture<Void> joinMixer(MixerId mixer, EndpointId endpoint, MixerRole role) {
        return mixers.join(mixer, endpoint, role);
    }

    @Override
    public CompletableFuture<Void> leaveMixer(MixerId mixer, EndpointId endpoint) {
        return mixers.leave(mixer, endpoint);
    }

    @Override
    public CompletableFuture<Void> destroyMixer(MixerId mixer) {
        return mixers.destroy(mixer);
    }

    @Override
    public CompletableFuture<String> fork(EndpointId endpoint, AudioFrameConsumer consumer) {
        String forkId = java.util.UUID.randomUUID().toString();
        return onLeg(endpoint, leg -> {
            leg.forks.put(forkId, new ForkTap(endpoint, consumer, forkThread));
            leg.endpoint.addObserver(leg.forks.get(forkId));
            return forkId;
        });
    }

    @Override
    public CompletableFuture<String> forkSent(EndpointId endpoint, AudioFrameConsumer consumer) {
        return live.forkSent(endpoint, consumer);
    }

    @Override
    public CompletableFuture<io.switchboard.media.api.LivePlayback> playLive(EndpointId endpoint,
            io.switchboard.media.api.LivePlayback.Listener listener) {
        return live.playLive(endpoint, listener);
    }

    @Override
    public CompletableFuture<String> startStream(EndpointId endpoint, io.switchboard.media.api.MediaStreamRequest request) {
        return streams.start(endpoint, request);
    }

    @Override
    public CompletableFuture<Void> stopStream(String streamId) {
        return streams.stop(streamId);
    }

    @Override
    public io.switchboard.media.api.MediaStreamCounters streamCounters() {
        return streams.counters();
    }

    @Override
    public CompletableFuture<Void> unfork(EndpointId endpoint, String forkId) {
        return onLeg(endpoint, leg -> {
            ForkTap tap = leg.forks.remove(forkId);
            if (tap == null && LiveMedia.unforkSent(leg, forkId)) {
                return null;
            }
            if (tap == null) {
                throw new IllegalArgumentException("unknown fork " + forkId + " on " + endpoint);
            }
            leg.endpoint.removeObserver(tap);
            return null;
        });
    }

    @Override
    public CompletableFuture<EndpointStatistics> statistics(EndpointId endpoint) {
        return onLeg(endpoint, leg -> leg.endpoint.statistics());
    }

    @Override
    public CompletableFuture<Void> destroy(EndpointId endpoint) {
        Leg leg = legs.remove(endpoint);
        if (leg == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint " + endpoint));
        }
        streams.endpointGone(endpoint);
        CompletableFuture<Void> torn = new CompletableFuture<>();
        leg.endpoint.execute(() -> {
            try {
                leg.teardown();
                mixers.leaveAll(leg.endpoint);
                recordings.endpointDestroyed(leg);
            } finally {
                torn.complete(null);
            }
        });
        return torn.thenCompose(v -> factory.destroy(leg.endpoint));
    }

    @Override
    public SourceDrops sourceDrops() {
        return new SourceDrops(factory.sourceDrops().foreignSourceDropped(), factory.sourceDrops().foreignHostDropped());
    }

    @Override
    public long endpointMoves() {
        return colocation.moves();
    }

    @Override
    public int endpointCount() {
        return legs.size();
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (EndpointId id : legs.ids()) {
            all.add(destroy(id).exceptionally(e -> null));
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("media relay: endpoints did not all close within 5 s", e);
        }
        streams.close();
        mixers.closeAll();
        recordings.closeAll();
        loops.close();
        forkThread.shutdown();
        handshakes.shutdownNow();
        blocking.shutdownNow();
        speechThreads.shutdownNow();
        events.close();
    }

    private CompletableFuture<Leg> create(String callId, boolean withRtcpPort) {
        return create(callId, withRtcpPort, id -> (loop, socket, ssrc) -> socket);
    }

    /** A WebRTC endpoint: one socket (RTCP muxed), its transport built by {@code wrap}. */
    private CompletableFuture<Leg> create(String callId, Function<EndpointId, EndpointFactory.TransportWrapper> wrap) {
        return create(callId, false, wrap);
    }

    private CompletableFuture<Leg> create(String callId, boolean withRtcpPort,
            Function<EndpointId, EndpointFactory.TransportWrapper> wrap) {
        EndpointId id = EndpointId.random();
        long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        return factory.create(id.value(), callId, withRtcpPort, e -> events.onMediaTimeout(id), wrap.apply(id))
                .thenApply(endpoint -> {
            Leg leg = new Leg(id, callId, endpoint, sessionId, events);
            legs.add(leg);
            return leg;
        });
    }

    /** For {@link Colocation}, which the mixers themselves use. */
    private void leaveMixers(io.switchboard.media.endpoint.RtpEndpoint endpoint) {
        mixers.leaveAll(endpoint);
    }

    private LocalAudio local(Leg leg) {
        return new LocalAudio(settings.publicAddress(), leg.endpoint.port(), leg.sessionId, leg.sessionVersion,
                TELEPHONE_EVENT_PT);
    }

    private <T> CompletableFuture<T> onLeg(EndpointId id, Function<Leg, T> work) {
        return legs.onLeg(id, work);
    }

    private CompletableFuture<Void> runOnLeg(EndpointId id, Consumer<Leg> work) {
        return legs.onLeg(id, leg -> {
            work.accept(leg);
            return null;
        });
    }

    private static CompletableFuture<SessionDescription> parse(String sdp) {
        try {
            return CompletableFuture.completedFuture(SessionDescription.parse(sdp));
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(rejected(e));
        }
    }

    /** The API's form of an unusable remote SDP; the cause keeps the parser's own exception. */
    private static OfferRejectedException rejected(SdpException e) {
        return new OfferRejectedException(e.getMessage(), e);
    }

    /** Resolves the signalled address off the loops; null for hold addresses or names that do not resolve. */
    private CompletableFuture<InetSocketAddress> resolve(NegotiatedAudio audio) {
        if (audio.nullAddress()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(audio.remoteAddress()), audio.remotePort());
            } catch (UnknownHostException e) {
                LOG.warn("SDP address {} does not resolve; only NAT latching can find the peer", audio.remoteAddress());
                return null;
            }
        }, blocking);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.switchboard.media.stream;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaStreamCounters;
import io.switchboard.media.api.MediaStreamRequest;
import io.switchboard.media.stream.ws.WebSocketConnector;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's live media streams (Twilio Media Streams over WebSocket). A client of the relay's own api:
 * the audio comes from {@link MediaRelay#fork} (the caller's, track {@code inbound}) and
 * {@link MediaRelay#forkSent} (what the caller hears, track {@code outbound}), and a bidirectional server's
 * audio goes to {@link MediaRelay#playLive}. Every session lives on one stream loop of its own, so a slow
 * server never holds up a media loop or the fork thread.
 */
public final class MediaStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaStreams.class);

    private final MediaRelay relay;
    private final WebSocketConnector connector;
    private final ScheduledExecutorService loop;
    /** Sessions by streamSid; loop-confined. */
    private final Map<String, MediaStreamSession> sessions = new HashMap<>();
    /** URLs already reported unreachable (one log line each until they answer again); read from any thread. */
    private final Set<URI> unreachable = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesPlayed;
    private final AtomicLong reconnects = new AtomicLong();

    /** @param framesPlayed the counter the relay's live playbacks add to */
    public MediaStreams(MediaRelay relay, WebSocketConnector connector, AtomicLong framesPlayed) {
        this.relay = relay;
        this.connector = connector;
        this.framesPlayed = framesPlayed;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-stream-loop");
            t.setDaemon(true);
            return t;
        });
    }

    WebSocketConnector connector() {
        return connector;
    }

    /** See {@link MediaRelay#startStream}. */
    public CompletableFuture<String> start(EndpointId endpoint, MediaStreamRequest request) {
        String streamSid = "MZ" + UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<String> result = new CompletableFuture<>();
        loop.execute(() -> {
            MediaStreamSession session = new MediaStreamSession(streamSid, endpoint, request, this, loop);
            sessions.put(streamSid, session);
            session.open()
                    .thenComposeAsync(link -> attach(session, request), loop)
                    .whenCompleteAsync((ok, error) -> {
                        if (error == null) {
                            unreachable.remove(request.url());
                            started.incrementAndGet();
                            active.incrementAndGet();
                            LOG.info("stream {} of {} to {} started ({}{})", streamSid, endpoint, request.url(),
                                    request.inbound() && request.outbound() ? "both tracks"
                                            : request.inbound() ? "inbound" : "outbound",
                                    request.bidirectional() ? ", bidirectional" : "");
                            result.complete(streamSid);
                        } else {
                            failed.incrementAndGet();
                            unreachable(request.url(), error);
                            end(session);
                            result.completeExceptionally(root(error));
                        }
                    }, loop);
        });
        return result;
    }

    /** Forks the tracks the request names and opens the live playback; fails if any of them cannot start. */
    private CompletableFuture<Void> attach(MediaStreamSession session, MediaStreamRequest request) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        if (request.inbound()) {
            all = all.thenCompose(v -> relay.fork(session.endpoint,
                    (e, at, samples) -> loop.execute(() -> session.audio(true, samples))))
                    .thenAcceptAsync(session.forkIds::add, loop);
        }
        if (request.outbound()) {
            all = all.thenCompose(v -> relay.forkSent(session.endpoint,
                    (e, at, samples) -> loop.execute(() -> session.audio(false, samples))))
                    .thenAcceptAsync(session.forkIds::add, loop);
        }
        if (request.bidirectional()) {
            all = all.thenCompose(v -> relay.playLive(session.endpoint,
                    name -> loop.execute(() -> session.markPlayed(name))))
                    .thenAcceptAsync(live -> session.live = live, loop);
        }
        return all;
    }

    /** See {@link MediaRelay#stopStream}. */
    public CompletableFuture<Void> stop(String streamSid) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            MediaStreamSession session = sessions.get(streamSid);
            if (session != null && session.state() != MediaStreamSession.State.CONNECTING) {
                end(session);
                LOG.info("stream {} of {} stopped", streamSid, session.endpoint);
            } else if (session != null) {
                session.stop(); // the start in progress fails and cleans up
            }
            done.complete(null);
        });
        return done;
    }

    /** Stops every stream of an endpoint that is going away. */
    public void endpointGone(EndpointId endpoint) {
        loop.execute(() -> List.copyOf(sessions.values()).stream()
                .filter(s -> s.endpoint.equals(endpoint)).forEach(this::end));
    }

    private void end(MediaStreamSession session) {
        boolean wasOpen = session.state() == MediaStreamSession.State.STREAMING
                || session.state() == MediaStreamSession.State.RECONNECTING;
        session.stop();
        if (sessions.remove(session.streamSid) != null && wasOpen) {
            active.decrementAndGet();
        }
        for (String fork : session.forkIds) {
            relay.unfork(session.endpoint, fork).exceptionally(e -> null); // the endpoint may be gone already
        }
        session.forkIds.clear();
    }

    void sent() {
        framesSent.incrementAndGet();
    }

    void dropped() {
        framesDropped.incrementAndGet();
    }

    void reconnecting() {
        reconnects.incrementAndGet();
    }

    /** Logs once per URL that it cannot be reached, until it answers again. */
    void unreachable(URI url, Throwable error) {
        if (unreachable.add(url)) {
            LOG.warn("media stream server {} unreachable: {} (logged once until it answers)", url,
                    root(error).getMessage());
        }
    }

    private static Throwable root(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public MediaStreamCounters counters() {
        return new MediaStreamCounters(started.get(), failed.get(), active.get(), framesSent.get(),
                framesDropped.get(), framesPlayed.get(), reconnects.get());
    }

    @Override
    public void close() {
        loop.execute(() -> List.copyOf(sessions.values()).forEach(this::end));
        loop.shutdown();
        connector.close();
    }
}

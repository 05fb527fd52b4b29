package io.switchboard.media.stream;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.LivePlayback;
import io.switchboard.media.api.MediaStreamRequest;
import io.switchboard.media.codec.G711;
import io.switchboard.media.stream.ws.WebSocketLink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live media stream: its WebSocket link, the forks that feed it and, when bidirectional, the live
 * playback the server's audio goes to. Confined to the stream loop ({@link MediaStreams}): frames, link
 * events and timers all hop onto it. A link that drops while streaming is reopened with a backoff and the
 * server gets {@code connected} and {@code start} again with the same {@code streamSid}.
 */
final class MediaStreamSession {
    private static final Logger LOG = LoggerFactory.getLogger(MediaStreamSession.class);
    static final int FRAME_BYTES = 160; // 20 ms of 8 kHz mu-law
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 8_000;

    /** The session's life; each state names those it may move to. */
    enum State {
        CONNECTING, STREAMING, RECONNECTING, STOPPED;

        boolean mayMoveTo(State next) {
            return switch (this) {
                case CONNECTING -> next == STREAMING || next == STOPPED;
                case STREAMING -> next == RECONNECTING || next == STOPPED;
                case RECONNECTING -> next == STREAMING || next == STOPPED;
                case STOPPED -> false;
            };
        }
    }

    final String streamSid;
    final EndpointId endpoint;
    private final MediaStreamRequest request;
    private final MediaStreams owner;
    private final ScheduledExecutorService loop;
    private final Track inbound = new Track("inbound");
    private final Track outbound = new Track("outbound");
    private State state = State.CONNECTING;
    private WebSocketLink link;
    private long sequence;
    private long startNanos;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    final List<String> forkIds = new ArrayList<>(2);
    LivePlayback live;

    /** One direction of audio: samples gathered into 20 ms frames and counted in chunks. */
    private final class Track {
        final String name;
        final byte[] frame = new byte[FRAME_BYTES];
        int filled;
        long chunks;
        long firstFrameMillis = -1;

        Track(String name) {
            this.name = name;
        }
    }

    MediaStreamSession(String streamSid, EndpointId endpoint, MediaStreamRequest request, MediaStreams owner,
            ScheduledExecutorService loop) {
        this.streamSid = streamSid;
        this.endpoint = endpoint;
        this.request = request;
        this.owner = owner;
        this.loop = loop;
    }

    State state() {
        return state;
    }

    private void moveTo(State next) {
        if (!state.mayMoveTo(next)) {
            throw new IllegalStateException("stream " + streamSid + ": " + state + " -> " + next);
        }
        state = next;
    }

    /** Opens the link; the future completes once {@code start} went out. Loop only. */
    CompletableFuture<WebSocketLink> open() {
        CompletableFuture<WebSocketLink> opened = owner.connector().connect(request.url(), listener(),
                request.connectTimeoutMillis());
        return opened.thenApplyAsync(l -> {
            if (state == State.STOPPED) {
                l.close();
                throw new IllegalStateException("stream stopped while connecting");
            }
            link = l;
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            sendControl(TwilioMessages.connected());
            sequence++;
            sendControl(TwilioMessages.start(sequence, streamSid, request.accountSid(), request.callSid(),
                    tracks(), request.customParameters()));
            backoffMillis = FIRST_BACKOFF_MILLIS;
            moveTo(State.STREAMING);
            return l;
        }, loop);
    }

    private List<String> tracks() {
        List<String> t = new ArrayList<>(2);
        if (request.inbound()) {
            t.add("inbound");
        }
        if (request.outbound()) {
            t.add("outbound");
        }
        return t;
    }

    private WebSocketLink.Listener listener() {
        return new WebSocketLink.Listener() {
            @Override
            public void onText(String text) {
                loop.execute(() -> received(TwilioMessages.parse(text)));
            }

            @Override
            public void onClosed(String reason) {
                loop.execute(() -> linkClosed(reason));
            }
        };
    }

    /** Decoded 8 kHz samples of one track, from a fork; loop only. */
    void audio(boolean inboundTrack, short[] samples) {
        if (state != State.STREAMING && state != State.RECONNECTING) {
            return;
        }
        Track t = inboundTrack ? inbound : outbound;
        for (short s : samples) {
            t.frame[t.filled++] = G711.linearToUlaw(s);
            if (t.filled == FRAME_BYTES) {
                t.filled = 0;
                sendFrame(t);
            }
        }
    }

    private void sendFrame(Track t) {
        t.chunks++;
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        if (t.firstFrameMillis < 0) {
            t.firstFrameMillis = elapsedMillis;
        }
        if (state != State.STREAMING) {
            owner.dropped();
            return;
        }
        long timestamp = t.firstFrameMillis + (t.chunks - 1) * 20;
        String message = TwilioMessages.media(sequence + 1, streamSid, t.name, t.chunks, timestamp, t.frame);
        if (link.send(message, request.sendQueueFrames())) {
            sequence++;
            owner.sent();
        } else {
            owner.dropped();
        }
    }

    private void received(TwilioMessages.Inbound message) {
        if (state == State.STOPPED) {
            return;
        }
        if (message instanceof TwilioMessages.Ignored i) {
            LOG.debug("stream {}: server message ignored: {}", streamSid, i.why());
        } else if (live == null) {
            LOG.debug("stream {}: {} from the server ignored: the stream is not bidirectional", streamSid, message);
        } else if (message instanceof TwilioMessages.Media m) {
            live.enqueue(m.mulaw());
        } else if (message instanceof TwilioMessages.Mark m) {
            live.mark(m.name());
        } else {
            live.clear();
        }
    }

    /** The live playback reached a mark: tell the server. Loop only. */
    void markPlayed(String name) {
        if (state == State.STREAMING) {
            sequence++;
            sendControl(TwilioMessages.mark(sequence, streamSid, name));
        }
    }

    private void sendControl(String message) {
        // control messages get room beyond the media queue's limit: they are few and must not be lost
        link.send(message, request.sendQueueFrames() + 16);
    }

    private void linkClosed(String reason) {
        if (state != State.STREAMING) {
            return;
        }
        moveTo(State.RECONNECTING);
        LOG.warn("stream {} of {}: the connection to {} dropped ({}); reconnecting", streamSid, endpoint,
                request.url(), reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        loop.schedule(() -> {
            if (state != State.RECONNECTING) {
                return;
            }
            owner.reconnecting();
            open().whenCompleteAsync((l, error) -> {
                if (error != null && state == State.RECONNECTING) {
                    owner.unreachable(request.url(), error);
                    scheduleReconnect();
                }
            }, loop);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Sends {@code stop} and closes the link; loop only. True when this call stopped it. */
    boolean stop() {
        if (state == State.STOPPED) {
            return false;
        }
        boolean open = state == State.STREAMING;
        moveTo(State.STOPPED);
        if (open) {
            sequence++;
            sendControl(TwilioMessages.stop(sequence, streamSid, request.accountSid(), request.callSid()));
            link.close();
        }
        if (live != null) {
            live.close();
        }
        return true;
    }
}

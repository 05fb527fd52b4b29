package io.switchboard.bench.ccp.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.webrtc.calls.BrowserLeg;
import io.switchboard.bench.webrtc.calls.DatagramReader;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent's Contact Control Panel without a browser: logs in over HTTP, opens the agent WebSocket with the
 * session token (docs/agent-websocket.md), offers softphone media once the hello arrives, runs ICE and DTLS on
 * the answer through a {@link BrowserLeg}, chooses Available, answers every {@code ping}, and, when offered a
 * contact, accepts it, sends its microphone's frames (silence) while connected and closes it after the customer
 * hangs up, counting the SRTP packets heard meanwhile.
 */
final class SimulatedAgent {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The panel's lifecycle, as this simulator sees it. */
    enum State { NEW, LOGGING_IN, CONNECTING, MEDIA, AVAILABLE, FAILED, DROPPED, CLOSED }

    /** What the agents did together, for the bench's report. */
    static final class Tally {
        final AtomicLong pongs = new AtomicLong();
        final AtomicLong offers = new AtomicLong();
        final AtomicLong connected = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong packetsInCalls = new AtomicLong();
    }

    private final String username;
    private final String password;
    private final URI http;
    private final HttpClient client;
    private final Tally tally;
    private final BrowserLeg leg;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private volatile WebSocket socket;
    private volatile String dropReason;
    private volatile boolean routable;
    private volatile boolean inCall;
    private volatile ScheduledExecutorService timer;
    /** The microphone while connected: a 20 ms PCMU frame of silence every 20 ms, on the timer thread. */
    private ScheduledFuture<?> talking;
    private int rtpSeq;
    private long rtpTimestamp;
    /** Sends one at a time: WebSocket.sendText refuses a send while the previous one is pending. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private final StringBuilder partial = new StringBuilder();

    SimulatedAgent(String username, String password, URI http, HttpClient client, DtlsCertificate certificate,
                   DatagramReader reader, Tally tally) throws Exception {
        this.username = username;
        this.password = password;
        this.http = http;
        this.client = client;
        this.tally = tally;
        DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        udp.configureBlocking(false);
        this.leg = new BrowserLeg(udp, certificate, username.replaceAll("[^A-Za-z0-9]", ""));
        reader.register(udp, this::datagram);
    }

    State state() {
        return state;
    }

    String dropReason() {
        return dropReason;
    }

    /** As the server last said in an {@code agent} message. */
    boolean routable() {
        return routable;
    }

    /** True when the relay answered a consent check within {@code millis}. */
    boolean mediaAnswering(long millis) {
        return leg.answeredWithin(millis);
    }

    /**
     * Logs in and connects; completes once the agent is Available with its media up (DTLS done), on the
     * HTTP client's threads, {@code handshakes} (DTLS) and {@code timer} (consent checks).
     */
    CompletableFuture<Void> start(Executor handshakes, ScheduledExecutorService timer) {
        this.timer = timer;
        state = State.LOGGING_IN;
        ObjectNode credentials = JSON.createObjectNode().put("username", username).put("password", password);
        HttpRequest login = HttpRequest.newBuilder(http.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials.toString())).build();
        client.sendAsync(login, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("login " + response.statusCode() + " " + response.body());
            }
            String token = read(response.body()).path("token").asText();
            state = State.CONNECTING;
            URI ws = URI.create(http.toString().replaceFirst("^http", "ws")).resolve("/api/agent/ws");
            return client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .subprotocols("switchboard.agent.v1").buildAsync(ws, new Listener(handshakes, timer));
        }).whenComplete((ws, error) -> {
            if (error != null) {
                fail("connect: " + error);
            } else {
                socket = ws;
            }
        });
        return ready;
    }

    private final class Listener implements WebSocket.Listener {
        private final Executor handshakes;
        private final ScheduledExecutorService timer;

        Listener(Executor handshakes, ScheduledExecutorService timer) {
            this.handshakes = handshakes;
            this.timer = timer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                message(ws, read(text), handshakes, timer);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed("closed by the server: " + code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed("socket error: " + error);
        }
    }

    /** On the HTTP client's executor: one message of the server. */
    private void message(WebSocket ws, JsonNode m, Executor handshakes, ScheduledExecutorService timer) {
        socket = ws;
        switch (m.path("type").asText()) {
            case "hello" -> {
                if (state == State.CONNECTING) {
                    state = State.MEDIA;
                    send(JSON.createObjectNode().put("type", "media").put("requestId", "offer")
                            .put("kind", "offer").put("sdp", leg.offer()));
                }
            }
            case "media" -> {
                if (m.path("kind").asText().equals("answer")) {
                    answered(m.path("sdp").asText(), handshakes, timer);
                }
            }
            case "ping" -> {
                send(JSON.createObjectNode().put("type", "pong").put("id", m.path("id").asText()));
                tally.pongs.incrementAndGet();
            }
            case "agent" -> routable = m.path("agent").path("routable").asBoolean();
            case "result" -> {
                if (m.path("requestId").asText().equals("available") && state == State.MEDIA) {
                    state = State.AVAILABLE;
                    ready.complete(null);
                }
            }
            case "contact" -> contact(m.path("event").asText(), m.path("contact").path("contactId").asText());
            case "error" -> {
                if (state != State.AVAILABLE) {
                    fail("error " + m.path("code").asText() + ": " + m.path("message").asText());
                }
            }
            case "replaced" -> closed("replaced by another socket");
            default -> {
            }
        }
    }

    /** The relay's answer: ICE and DTLS, then the agent chooses Available as the page does once media is up. */
    private void answered(String sdp, Executor handshakes, ScheduledExecutorService timer) {
        leg.connect(sdp, handshakes, timer).whenComplete((ok, error) -> {
            if (error != null) {
                fail("media: " + error);
            } else {
                send(JSON.createObjectNode().put("type", "status").put("requestId", "available")
                        .put("status", "Available"));
            }
        });
    }

    /** An offered contact is accepted at once; once the customer hangs up (ACW) it is closed. */
    private void contact(String event, String contactId) {
        switch (event) {
            case "incoming" -> {
                tally.offers.incrementAndGet();
                send(JSON.createObjectNode().put("type", "accept").put("requestId", "accept").put("contactId", contactId));
            }
            case "connected" -> {
                tally.connected.incrementAndGet();
                inCall = true;
                talk(true);
            }
            case "ended", "missed", "failed" -> {
                inCall = false;
                talk(false);
                send(JSON.createObjectNode().put("type", "close").put("requestId", "close").put("contactId", contactId));
            }
            case "closed" -> tally.closed.incrementAndGet();
            default -> {
            }
        }
    }

    /** Starts or stops sending the microphone's frames, as the page's track does during a call. */
    private synchronized void talk(boolean on) {
        if (talking != null) {
            talking.cancel(false);
            talking = null;
        }
        if (on) {
            talking = timer.scheduleAtFixedRate(this::frame, 0, 20, TimeUnit.MILLISECONDS);
        }
    }

    private void frame() {
        byte[] rtp = new byte[12 + 160];
        ByteBuffer.wrap(rtp).put((byte) 0x80).put((byte) 0).putShort((short) rtpSeq++).putInt((int) rtpTimestamp)
                .putInt(username.hashCode());
        java.util.Arrays.fill(rtp, 12, rtp.length, (byte) 0xFF);
        rtpTimestamp += 160;
        leg.sendRtp(rtp, rtp.length);
    }

    /** On the reader thread: the relay's STUN answers, DTLS, and SRTP once bridged to a caller. */
    private void datagram(ByteBuffer d) {
        if (leg.received(d) != null && inCall) {
            tally.packetsInCalls.incrementAndGet();
        }
    }

    private synchronized void send(ObjectNode message) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        String text = message.toString();
        sending = sending.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true));
    }

    private void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        dropReason = reason;
        state = State.FAILED;
        ready.completeExceptionally(new IllegalStateException(username + ": " + reason));
    }

    private void closed(String reason) {
        if (state == State.CLOSED || state == State.FAILED) {
            return;
        }
        dropReason = reason;
        state = state == State.AVAILABLE ? State.DROPPED : State.FAILED;
        ready.completeExceptionally(new IllegalStateException(username + ": " + reason));
    }

    /** Closes the socket (the server logs the agent out after its grace period) and the media. */
    void close() {
        state = State.CLOSED;
        talk(false);
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench over");
        }
        leg.close();
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }
}

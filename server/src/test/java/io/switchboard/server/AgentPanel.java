package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.testkit.PackagedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent's panel without a page: the agent WebSocket of docs/agent-websocket.md, opened with a login's
 * bearer token, the messages it received in order (their sequence checked for gaps), and commands sent.
 * Pings are answered, as the page does, so that the agent stays reachable however long a test runs.
 */
final class AgentPanel implements WebSocket.Listener, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong requests = new AtomicLong();
    private WebSocket socket;
    private long lastSeq;

    private AgentPanel() {
    }

    /** Logs {@code username} in with the demo password and opens their agent socket. */
    static AgentPanel open(PackagedServer server, HttpClient http, String username) throws Exception {
        String token = server.login(username, "demo-password");
        AgentPanel panel = new AgentPanel();
        URI ws = URI.create(server.http("/api/agent/ws").toString().replaceFirst("^http", "ws"));
        panel.socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .subprotocols("switchboard.agent.v1", "bearer." + token).buildAsync(ws, panel).join();
        return panel;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode m = json.readTree(partial.toString());
                if (m.path("type").asText().equals("ping")) {
                    webSocket.sendText(json.createObjectNode().put("type", "pong").put("id", m.path("id").asText())
                            .toString(), true);
                }
                messages.add(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The next message of {@code type} within {@code timeout}, skipping others; checks the sequence has no gap. */
    JsonNode next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            assertEquals(lastSeq + 1, m.path("seq").asLong(), "no gap in the sequence: " + m);
            lastSeq = m.path("seq").asLong();
            if (m.path("type").asText().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " message within " + timeout);
    }

    /** The next {@code contact} message whose event is {@code event}, skipping others. */
    JsonNode nextContact(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no contact " + event + " within " + timeout);
            }
            JsonNode m = next("contact", Duration.ofNanos(left));
            if (m.path("event").asText().equals(event)) {
                return m;
            }
        }
    }

    /** Sends a command of {@code type} with a fresh requestId; {@code fields} fills in the rest. */
    void command(String type, java.util.function.Consumer<ObjectNode> fields) {
        ObjectNode c = json.createObjectNode().put("type", type).put("requestId", "r" + requests.incrementAndGet());
        fields.accept(c);
        socket.sendText(c.toString(), true).join();
    }

    @Override
    public void close() {
        CompletableFuture<WebSocket> closing = socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        closing.completeOnTimeout(socket, 2, TimeUnit.SECONDS).join();
    }
}

package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent WebSocket over the packaged server (docs/agent-websocket.md): authentication, the hello, numbered
 * messages, each command's result or error (bad JSON, unknown command, wrong state, another agent's contact
 * id: nothing changes), the softphone's media offer answered by a WebRTC endpoint, and a second socket of the
 * same agent replacing the first.
 */
class AgentSocketIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A browser-shaped WebRTC offer (ICE, DTLS fingerprint, rtcp-mux, Opus and PCMU). */
    private static final String OFFER = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "a=msid-semantic: WMS", "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 126", "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0", "a=candidate:1 1 udp 2122260223 127.0.0.1 50999 typ host",
            "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdef01234567",
            "a=fingerprint:sha-256 11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00",
            "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:0 PCMU/8000", "a=rtpmap:126 telephone-event/8000", "a=ssrc:1001 cname:test", "") ;

    /** A port nothing answers on: where the demo trunk sends calls (a desk phone's ring stays unanswered). */
    private static final int SILENT_TRUNK_PORT = FreePorts.tcpAndUdp();

    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String edited = Files.readString(yaml).replace("address: \"127.0.0.1:5070\"",
                "address: \"127.0.0.1:" + SILENT_TRUNK_PORT + "\"");
        assertTrue(edited.contains(":" + SILENT_TRUNK_PORT + "\""), "the demo's trunk changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    });

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A panel: its socket and the messages it received, in order. */
    private final class Panel implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        long lastSeq;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(json.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        /** The next message of {@code type}, skipping others; checks the sequence has no gap. */
        JsonNode next(String type) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
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
            throw new AssertionError("no " + type + " message within " + TIMEOUT);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }
    }

    private String login(String username) {
        return server.login(username, "demo-password");
    }

    private URI ws() {
        return URI.create(server.http("/api/agent/ws").toString().replaceFirst("^http", "ws"));
    }

    private Panel open(String token) {
        Panel panel = new Panel();
        panel.socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .subprotocols("switchboard.agent.v1", "bearer." + token)
                .buildAsync(ws(), panel).join();
        return panel;
    }

    @Test
    void helloCommandsErrorsMediaAndReplacement() throws Exception {
        String token = login("alice");
        Panel panel = open(token);
        assertEquals("switchboard.agent.v1", panel.socket.getSubprotocol());
        JsonNode hello = panel.next("hello");
        assertEquals(1, hello.path("seq").asLong());
        assertEquals("alice", hello.path("agent").path("Configuration").path("Username").asText());
        assertFalse(hello.path("agent").path("routable").asBoolean());
        assertTrue(hello.path("contact").isNull());
        assertEquals("Available", hello.path("statuses").get(0).path("name").asText());
        assertTrue(hello.path("iceServers").get(0).path("urls").get(0).asText().startsWith("turn:"));
        assertEquals(20, hello.path("settings").path("offerTimeoutSeconds").asInt());

        panel.send("{not json");
        assertEquals("BAD_JSON", panel.next("error").path("code").asText());
        panel.send("{\"type\":\"fly\",\"requestId\":\"r0\"}");
        JsonNode unknown = panel.next("error");
        assertEquals("UNKNOWN_COMMAND", unknown.path("code").asText());
        assertEquals("r0", unknown.path("requestId").asText());
        panel.send("{\"type\":\"hold\",\"requestId\":\"r1\"}");
        assertEquals("WRONG_STATE", panel.next("error").path("code").asText());
        panel.send("{\"type\":\"accept\",\"requestId\":\"r2\",\"contactId\":\"00000000-0000-0000-0000-000000000009\"}");
        assertEquals("NOT_YOUR_CONTACT", panel.next("error").path("code").asText());
        panel.send("{\"type\":\"accept\",\"requestId\":\"r3\"}");
        assertEquals("BAD_REQUEST", panel.next("error").path("code").asText());
        panel.send("{\"type\":\"status\",\"requestId\":\"r4\",\"status\":\"Nope\"}");
        assertEquals("UNKNOWN_STATUS", panel.next("error").path("code").asText());

        panel.send("{\"type\":\"status\",\"requestId\":\"r5\",\"status\":\"Available\"}");
        JsonNode result = panel.next("result");
        assertEquals("r5", result.path("requestId").asText());
        assertEquals("AVAILABLE", result.path("agent").path("state").asText());
        assertEquals("NO_SOFTPHONE_MEDIA", result.path("agent").path("notRoutableBecause").asText(),
                "a softphone panel without media is not routable");

        panel.send(json.createObjectNode().put("type", "media").put("requestId", "m1").put("kind", "offer")
                .put("sdp", OFFER).toString());
        JsonNode answer = panel.next("media");
        assertEquals("answer", answer.path("kind").asText());
        assertEquals("m1", answer.path("requestId").asText());
        assertTrue(answer.path("sdp").asText().contains("a=fingerprint:sha-256"), answer.path("sdp").asText());
        // The agent message that says she is routable may come before or after the answer: a resync settles it.
        panel.send("{\"type\":\"resync\"}");
        JsonNode again = panel.next("hello");
        assertEquals("AVAILABLE", again.path("agent").path("state").asText());
        assertTrue(again.path("agent").path("routable").asBoolean(), again.toString());
        server.awaitMetric("switchboard_agent_panels{figure=\"open\"}", 1, Duration.ofSeconds(5));
        server.awaitMetric("switchboard_agent_panels{figure=\"routable\"}", 1, Duration.ofSeconds(5));

        Panel second = open(token);
        assertEquals(1, second.next("hello").path("seq").asLong());
        panel.next("replaced");
        assertEquals(1000, panel.closed.get(5, TimeUnit.SECONDS));
        // one panel, the new one, whose media is not up yet
        server.awaitMetric("switchboard_agent_panels{figure=\"open\"}", 1, Duration.ofSeconds(5));
        server.awaitMetric("switchboard_agent_panels{figure=\"routable\"}", 0, Duration.ofSeconds(5));
        second.send("{\"type\":\"logout\",\"requestId\":\"r6\"}");
        assertEquals("LOGGED_OUT", second.next("result").path("agent").path("state").asText());
    }

    @Test
    void dialRefusalsNameWhatIsWrongAndDialNothing() throws Exception {
        Panel panel = open(login("alice"));
        JsonNode hello = panel.next("hello");
        assertEquals("US", hello.path("settings").path("defaultCountry").asText());

        panel.send("{\"type\":\"dial\",\"requestId\":\"d1\",\"number\":\"+15550142\"}");
        JsonNode offline = panel.next("error");
        assertEquals("d1", offline.path("requestId").asText());
        assertEquals("WRONG_STATE", offline.path("code").asText(), offline.toString());
        assertTrue(offline.path("message").asText().contains("Offline"), offline.toString());

        panel.send("{\"type\":\"status\",\"requestId\":\"s1\",\"status\":\"Available\"}");
        panel.next("result");
        panel.send("{\"type\":\"dial\",\"requestId\":\"d2\"}");
        assertEquals("BAD_REQUEST", panel.next("error").path("code").asText());
        panel.send("{\"type\":\"dial\",\"requestId\":\"d3\",\"number\":15550142}");
        assertEquals("BAD_REQUEST", panel.next("error").path("code").asText(), "a number is sent as a string");
        panel.send("{\"type\":\"dial\",\"requestId\":\"d4\",\"number\":\"555-0142\"}");
        JsonNode local = panel.next("error");
        assertEquals("BAD_REQUEST", local.path("code").asText());
        assertTrue(local.path("message").asText().contains("area code"), local.toString());
        panel.send("{\"type\":\"dial\",\"requestId\":\"d5\",\"number\":\"1-800-FLOWERS\"}");
        assertTrue(panel.next("error").path("message").asText().contains("letters"));
        panel.send("{\"type\":\"dial\",\"requestId\":\"d6\",\"number\":\"+15550142\",\"queue\":\"Nowhere\"}");
        JsonNode queue = panel.next("error");
        assertEquals("BAD_REQUEST", queue.path("code").asText());
        assertTrue(queue.path("message").asText().contains("Nowhere"), queue.toString());
        panel.send("{\"type\":\"dial\",\"requestId\":\"d7\",\"number\":\"(555) 014-2000\"}");
        assertEquals("NO_SOFTPHONE_MEDIA", panel.next("error").path("code").asText(),
                "a softphone without media has nothing to call on");
        panel.send("{\"type\":\"resync\"}");
        JsonNode after = panel.next("hello");
        assertEquals("AVAILABLE", after.path("agent").path("state").asText(), "nothing changed");
        assertTrue(after.path("contact").isNull());
    }

    @Test
    void phoneSwitchesToADeskPhoneShowsInTheSnapshotAndIsRefusedWhileOnAContact() throws Exception {
        Panel panel = open(login("alice"));
        JsonNode hello = panel.next("hello");
        assertEquals("SOFT_PHONE", hello.path("settings").path("phoneType").asText());
        assertEquals("SOFT_PHONE", hello.path("agent").path("phoneType").asText());

        panel.send("{\"type\":\"phone\",\"requestId\":\"p1\"}");
        assertEquals("BAD_REQUEST", panel.next("error").path("code").asText(), "no phoneType");
        panel.send(phone("p2", "pager", "+15550143000"));
        JsonNode pager = panel.next("error");
        assertEquals("BAD_REQUEST", pager.path("code").asText());
        assertTrue(pager.path("message").asText().contains("softphone"), pager.toString());
        panel.send(phone("p5", "desk", null));
        JsonNode noNumber = panel.next("error");
        assertEquals("BAD_REQUEST", noNumber.path("code").asText(), "a desk phone needs its number");
        panel.send(phone("p6", "desk", "555-0143"));
        JsonNode local = panel.next("error");
        assertEquals("BAD_REQUEST", local.path("code").asText());
        assertTrue(local.path("message").asText().contains("area code"), local.toString());

        panel.send(phone("p7", "desk", "(555) 014-3000"));
        JsonNode chosen = panel.next("result");
        assertEquals("p7", chosen.path("requestId").asText());
        assertEquals("DESK_PHONE", chosen.path("agent").path("phoneType").asText(), chosen.toString());
        assertEquals("+15550143000", chosen.path("agent").path("deskPhoneNumber").asText());
        panel.send("{\"type\":\"status\",\"requestId\":\"s1\",\"status\":\"Available\"}");
        JsonNode available = panel.next("result");
        assertTrue(available.path("agent").path("routable").asBoolean(),
                "on a desk phone the panel's media does not matter: " + available);

        // Her own outbound call rings her desk phone first (nothing answers there): a contact is with her.
        panel.send("{\"type\":\"dial\",\"requestId\":\"d1\",\"number\":\"+15550142\"}");
        assertFalse(panel.next("result").path("contactId").asText().isEmpty());
        panel.send(phone("p8", "softphone", null));
        JsonNode busy = panel.next("error");
        assertEquals("p8", busy.path("requestId").asText());
        assertEquals("WRONG_STATE", busy.path("code").asText(), busy.toString());
        panel.send("{\"type\":\"resync\"}");
        JsonNode after = panel.next("hello");
        assertEquals("DESK_PHONE", after.path("agent").path("phoneType").asText(), "nothing changed");
        assertEquals("DESK_PHONE", after.path("settings").path("phoneType").asText());
    }

    /** The phone command; its own type is {@code phoneType}, as {@code type} names the command. */
    private String phone(String requestId, String phoneType, String number) {
        var message = json.createObjectNode().put("type", "phone").put("requestId", requestId);
        message.put("phoneType", phoneType);
        if (number != null) {
            message.put("number", number);
        }
        return message.toString();
    }

    @Test
    void noSessionNoSocket() {
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> client.newWebSocketBuilder().subprotocols("switchboard.agent.v1", "bearer.nope")
                        .buildAsync(ws(), new WebSocket.Listener() {
                        }).join());
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }
}

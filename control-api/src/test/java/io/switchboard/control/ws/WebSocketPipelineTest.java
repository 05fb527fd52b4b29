package io.switchboard.control.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.control.TestClock;
import io.switchboard.control.TestUsers;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.SessionStore;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's pipeline in memory, back to back with a client frame codec: the upgrade checks, the
 * handshake, frames both ways, close codes and the keepalive on Netty's virtual clock.
 */
class WebSocketPipelineTest {
    private static final int MAX = 1024;
    private static final Duration PING = Duration.ofSeconds(30);

    /** Records what the endpoint saw. */
    static final class Recorder implements WebSocketEndpoint {
        final List<String> events = new ArrayList<>();
        WebSocketSession session;
        boolean failOnText;

        @Override
        public void onOpen(WebSocketSession session) {
            this.session = session;
            events.add("open " + session.caller().username() + " " + session.pathParams());
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            if (failOnText) {
                throw new IllegalStateException("endpoint bug");
            }
            events.add("text " + text);
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            events.add("close " + code);
        }
    }

    private final TestUsers users = new TestUsers().add("alice", "pw");
    private final SessionStore sessions = new SessionStore(users, new TestClock(), Duration.ofHours(1));
    private final WebSocketSessions registry = new WebSocketSessions();
    private final Recorder endpoint = new Recorder();
    private final EmbeddedChannel server = new EmbeddedChannel();
    /** The client's side of the frame codec: masks what it sends (RFC 6455 section 5.3). */
    private final EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameEncoder(true),
            new WebSocket13FrameDecoder(false, false, 1 << 20));
    private final String token;

    WebSocketPipelineTest() {
        sessions.onEnd(registry::sessionEnded);
        WebSocketUpgrades upgrades = new WebSocketUpgrades(new WebSocketRoutes().add("/ws/rooms/{room}", endpoint),
                OriginPolicy.sameOrigin(), new Authenticator(sessions), registry, new WebSocketSettings(MAX, PING));
        HttpServer.configure(server, new HttpRoutes(), upgrades);
        token = sessions.create(users.find("alice").orElseThrow()).token();
    }

    @AfterEach
    void finish() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    private String handshake(String path, String origin, String cookie) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: sb.example:8080\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + (cookie == null ? "" : "Cookie: " + Authenticator.COOKIE + "=" + cookie + "\r\n") + "\r\n";
        server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        StringBuilder response = new StringBuilder();
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            response.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        return response.toString();
    }

    private void open() {
        String response = handshake("/ws/rooms/blue", "http://sb.example:8080", token);
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        // The RFC 6455 section 1.3 example key and its accept value.
        assertTrue(response.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), response);
    }

    private void send(WebSocketFrame frame) {
        client.writeOutbound(frame);
        ByteBuf bytes;
        while ((bytes = client.readOutbound()) != null) {
            server.writeInbound(bytes);
        }
    }

    /** The next frame the server sent, decoded; null when it sent nothing. */
    private WebSocketFrame received() {
        ByteBuf bytes;
        while ((bytes = server.readOutbound()) != null) {
            client.writeInbound(bytes);
        }
        return client.readInbound();
    }

    private int closeCode() {
        WebSocketFrame frame = received();
        assertInstanceOf(CloseWebSocketFrame.class, frame);
        int code = ((CloseWebSocketFrame) frame).statusCode();
        frame.release();
        return code;
    }

    @Test
    void anAuthenticatedSameOriginUpgradeOpensTheEndpoint() {
        open();
        assertEquals(List.of("open alice {room=blue}"), endpoint.events);
        assertEquals(1, registry.size());
        send(new TextWebSocketFrame("hello"));
        assertEquals("text hello", endpoint.events.get(1));
        endpoint.session.sendText("pushed");
        TextWebSocketFrame pushed = (TextWebSocketFrame) received();
        assertEquals("pushed", pushed.text());
        pushed.release();
    }

    @Test
    void aWrongOriginIs403BeforeAnyHandshake() {
        String response = handshake("/ws/rooms/blue", "http://evil.example", token);
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.contains("{\"error\":\"websocket upgrade refused: origin"), response);
        assertFalse(server.isActive());
        assertTrue(endpoint.events.isEmpty());
    }

    @Test
    void noSessionIs401() {
        String response = handshake("/ws/rooms/blue", "http://sb.example:8080", null);
        assertTrue(response.startsWith("HTTP/1.1 401"), response);
        assertTrue(handshakeOnFreshServer("/ws/rooms/blue", "x".repeat(43)).startsWith("HTTP/1.1 401"));
    }

    private String handshakeOnFreshServer(String path, String cookie) {
        WebSocketPipelineTest other = new WebSocketPipelineTest();
        try {
            return other.handshake(path, "http://sb.example:8080", cookie);
        } finally {
            other.finish();
        }
    }

    @Test
    void aPathWithoutEndpointIsPlainHttp() {
        String response = handshake("/ws/other", "http://sb.example:8080", token);
        assertTrue(response.startsWith("HTTP/1.1 404"), response);
    }

    @Test
    void theClientsCloseIsEchoedAndReported() {
        open();
        send(new CloseWebSocketFrame(1000, "bye"));
        assertEquals(1000, closeCode());
        server.runPendingTasks();
        assertFalse(server.isActive());
        assertEquals("close 1000", endpoint.events.get(endpoint.events.size() - 1));
        assertEquals(0, registry.size());
    }

    @Test
    void aFrameLargerThanTheLimitClosesWith1009() {
        open();
        send(new TextWebSocketFrame("x".repeat(MAX + 1)));
        assertEquals(1009, closeCode());
        server.runPendingTasks();
        assertFalse(server.isActive());
        assertEquals("close 1009", endpoint.events.get(endpoint.events.size() - 1));
    }

    @Test
    void aFragmentedMessageLargerThanTheLimitClosesWith1009() {
        open();
        send(new TextWebSocketFrame(false, 0, "x".repeat(MAX - 10)));
        send(new ContinuationWebSocketFrame(true, 0, "y".repeat(20)));
        assertEquals(1009, closeCode());
        server.runPendingTasks();
        assertEquals(List.of("open alice {room=blue}", "close 1009"), endpoint.events,
                "no partial message reached the endpoint");
    }

    @Test
    void fragmentsAreJoined() {
        open();
        send(new TextWebSocketFrame(false, 0, "hel"));
        send(new ContinuationWebSocketFrame(true, 0, "lo"));
        assertEquals("text hello", endpoint.events.get(1));
    }

    @Test
    void binaryMessagesAreRefusedWith1003() {
        open();
        send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        assertEquals(1003, closeCode());
    }

    @Test
    void aQuietClientIsPingedThenClosed() {
        open();
        server.advanceTimeBy(PING.toMillis(), TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        WebSocketFrame ping = received();
        assertInstanceOf(PingWebSocketFrame.class, ping);
        ping.release();
        server.advanceTimeBy(PING.toMillis(), TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        assertEquals(1001, closeCode());
        assertFalse(server.isActive());
    }

    @Test
    void aPongKeepsTheSocketOpen() {
        open();
        server.advanceTimeBy(PING.toMillis(), TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        received().release();
        send(new PongWebSocketFrame(Unpooled.copiedBuffer("keepalive", StandardCharsets.US_ASCII)));
        server.advanceTimeBy(PING.toMillis() - 1, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        assertNull(received());
        assertTrue(server.isActive());
    }

    @Test
    void theClientsPingIsAnswered() {
        open();
        send(new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.US_ASCII)));
        WebSocketFrame pong = received();
        assertInstanceOf(PongWebSocketFrame.class, pong);
        assertEquals("are you there", pong.content().toString(StandardCharsets.US_ASCII));
        pong.release();
    }

    @Test
    void endingTheSessionClosesItsSocketsWith1008() {
        open();
        sessions.end(endpoint.session.caller().session());
        server.runPendingTasks();
        assertEquals(1008, closeCode());
        server.runPendingTasks();
        assertEquals("close 1008", endpoint.events.get(endpoint.events.size() - 1));
    }

    @Test
    void aFailingEndpointClosesWith1011() {
        open();
        endpoint.failOnText = true;
        send(new TextWebSocketFrame("boom"));
        assertEquals(1011, closeCode());
    }

    @Test
    void stoppingTheServerClosesWith1001() {
        open();
        registry.closeAll(WebSocketSession.GOING_AWAY, "server stopping");
        server.runPendingTasks();
        assertEquals(1001, closeCode());
    }
}

package io.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.http.StaticFiles;
import io.switchboard.control.ws.WebSocketEndpoint;
import io.switchboard.control.ws.WebSocketRoutes;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.control.ws.WebSocketSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control API on a real socket, driven by the JDK's HTTP and WebSocket clients: login and its limits,
 * cookie and bearer, path templates, static files, JSON errors, and WebSocket upgrades, frames and push.
 */
class ControlApiIT {
    private static final int MAX_MESSAGE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private final TestUsers users = new TestUsers().add("alice", "alice-password").add("bob", "bob-password");
    private final CompletableFuture<WebSocketSession> opened = new CompletableFuture<>();
    private final CompletableFuture<Integer> serverSawClose = new CompletableFuture<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private ControlApi api;

    /** Echoes text back and lets the test push from its own thread. */
    private final WebSocketEndpoint echo = new WebSocketEndpoint() {
        @Override
        public void onOpen(WebSocketSession session) {
            opened.complete(session);
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            session.sendText("echo " + session.pathParams().get("room") + ": " + text);
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            serverSawClose.complete(code);
        }
    };

    @BeforeEach
    void start() throws Exception {
        HttpRoutes routes = new HttpRoutes();
        WebSocketRoutes webSockets = new WebSocketRoutes().add("/ws/echo/{room}", echo);
        StaticFiles.mount(routes, "/static",
                StaticFiles.fromClasspath(getClass().getClassLoader(), "io/switchboard/control/testpages"));
        ControlApiSettings settings = ControlApiSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withDecoyCost(TestUsers.COST)
                .withWebSocket(new WebSocketSettings(MAX_MESSAGE, Duration.ofSeconds(30)));
        api = ControlApi.start(settings, users, routes, webSockets, clock);
        routes.add(HttpMethod.GET, "/api/contacts/{contactId}", api.authenticator().require((request, caller) ->
                io.switchboard.control.http.HttpResponse.json(200, java.util.Map.of("contactId",
                        request.pathParam("contactId"), "caller", caller.username()))));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.localAddress().getPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String username, String password) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("username", username, "password", password));
        return send(HttpRequest.newBuilder(uri("/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String token(String username, String password) throws Exception {
        HttpResponse<String> response = login(username, password);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("token").asText();
    }

    private HttpResponse<String> withBearer(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void loginAnswersATokenAndAStrictHttpOnlyCookie() throws Exception {
        HttpResponse<String> response = login("alice", "alice-password");
        assertEquals(200, response.statusCode(), response.body());
        String token = JSON.readTree(response.body()).path("token").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertEquals(Authenticator.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict", cookie);
        assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() throws Exception {
        HttpResponse<String> wrong = login("alice", "not-her-password");
        HttpResponse<String> unknown = login("mallory", "whatever");
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(wrong.body(), unknown.body());
        assertEquals("{\"error\":\"invalid username or password\"}", wrong.body());
        assertEquals(wrong.headers().firstValue("www-authenticate"), unknown.headers().firstValue("www-authenticate"));
        assertTrue(wrong.headers().firstValue("set-cookie").isEmpty());
    }

    @Test
    void repeatedAttemptsAreRefusedWith429AndRetryAfter() throws Exception {
        for (int i = 0; i < ControlApiSettings.DEFAULT_LOGIN_BURST; i++) {
            assertEquals(401, login("alice", "guess-" + i).statusCode());
        }
        HttpResponse<String> limited = login("alice", "alice-password");
        assertEquals(429, limited.statusCode(), "even the right password waits");
        assertEquals("60", limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(limited.body().startsWith("{\"error\":"), limited.body());
        assertEquals(200, login("bob", "bob-password").statusCode(), "another username is not limited");

        clock.advance(ControlApiSettings.DEFAULT_LOGIN_INTERVAL);
        assertEquals(200, login("alice", "alice-password").statusCode());
    }

    @Test
    void malformedLoginBodiesAre400WithAJsonError() throws Exception {
        HttpResponse<String> broken = send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-pass")));
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().startsWith("{\"error\":\"malformed JSON body"), broken.body());
        assertFalse(broken.body().contains("alice-pass"), broken.body());
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\"}")));
        assertEquals(400, missing.statusCode());
        assertEquals("{\"error\":\"username and password are required\"}", missing.body());
        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password")));
        assertEquals(415, form.statusCode());
    }

    @Test
    void theSessionAnswersToTheBearerTokenAndToTheCookie() throws Exception {
        String token = token("alice", "alice-password");
        HttpResponse<String> bearer = withBearer("/api/session", token);
        assertEquals(200, bearer.statusCode(), bearer.body());
        JsonNode who = JSON.readTree(bearer.body());
        assertEquals("alice", who.path("username").asText());
        assertEquals("Sales Profile", who.path("routingProfile").asText());
        assertEquals("softphone", who.path("phoneType").asText());
        assertEquals("Agent", who.path("securityProfiles").path(0).asText());
        assertFalse(bearer.body().contains("$2"), "the password hash must never leave: " + bearer.body());
        assertFalse(who.has("passwordHash"));
        assertFalse(who.has("tags"));

        HttpResponse<String> cookie = send(HttpRequest.newBuilder(uri("/api/session"))
                .header("Cookie", Authenticator.COOKIE + "=" + token).GET());
        assertEquals(200, cookie.statusCode());

        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/session")).GET());
        assertEquals(401, none.statusCode());
        assertTrue(none.body().startsWith("{\"error\":"), none.body());
        assertEquals(401, withBearer("/api/session", "A".repeat(43)).statusCode());
    }

    @Test
    void anAuthenticatedRouteOnAPathTemplate() throws Exception {
        String token = token("bob", "bob-password");
        HttpResponse<String> response = withBearer("/api/contacts/c-42", token);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("c-42", JSON.readTree(response.body()).path("contactId").asText());
        assertEquals("bob", JSON.readTree(response.body()).path("caller").asText());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/api/contacts/c-42")).GET()).statusCode());
        HttpResponse<String> unknown = withBearer("/api/nothing-here", token);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().startsWith("{\"error\":"), unknown.body());
    }

    @Test
    void logoutEndsTheSessionAndDeletesTheCookie() throws Exception {
        String token = token("alice", "alice-password");
        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/api/logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().firstValue("set-cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, withBearer("/api/session", token).statusCode());
    }

    @Test
    void anIdleSessionExpires() throws Exception {
        String token = token("alice", "alice-password");
        clock.advance(ControlApiSettings.DEFAULT_SESSION_IDLE_TIMEOUT.minusMinutes(1));
        assertEquals(200, withBearer("/api/session", token).statusCode());
        clock.advance(ControlApiSettings.DEFAULT_SESSION_IDLE_TIMEOUT);
        assertEquals(401, withBearer("/api/session", token).statusCode());
    }

    @Test
    void aRemovedUsersSessionsEnd() throws Exception {
        String token = token("bob", "bob-password");
        users.remove("bob");
        api.usersChanged();
        assertEquals(401, withBearer("/api/session", token).statusCode());
        assertEquals(0, api.sessions().size());
    }

    @Test
    void staticFilesCarryAnEntityTagAndAnswer304() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/static/")).GET());
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<title>Test page</title>"));
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertTrue(page.headers().firstValue("last-modified").isPresent());

        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/static/")).header("If-None-Match", etag).GET());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("etag").orElseThrow());

        HttpResponse<String> mount = send(HttpRequest.newBuilder(uri("/static")).GET());
        assertEquals(301, mount.statusCode());
        assertEquals("static/", mount.headers().firstValue("location").orElseThrow());
        assertEquals("text/javascript; charset=utf-8", send(HttpRequest.newBuilder(uri("/static/app.js")).GET())
                .headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        for (String target : new String[] {"/static/../testpages-secret.txt", "/static/%2e%2e/testpages-secret.txt",
                "/static/..%2Ftestpages-secret.txt", "/static/sub/%2E%2E/%2E%2E/testpages-secret.txt",
                "/static/..%5Ctestpages-secret.txt", "/static//etc/passwd"}) {
            String reply = raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(reply.startsWith("HTTP/1.1 404"), target + ": " + reply);
            assertFalse(reply.contains("top secret"), target);
        }
    }

    /** Collects what the client's WebSocket receives. */
    static final class ClientListener implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
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

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String text = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(text != null, "no message within " + WAIT);
            return text;
        }
    }

    private String origin() {
        return "http://127.0.0.1:" + api.localAddress().getPort();
    }

    private CompletableFuture<WebSocket> connect(String path, String origin, String token, ClientListener listener) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (token != null) {
            builder.header("Cookie", Authenticator.COOKIE + "=" + token);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + api.localAddress().getPort() + path), listener);
    }

    @Test
    void anAuthenticatedWebSocketEchoesAndTakesPushesFromAnyThread() throws Exception {
        String token = token("alice", "alice-password");
        ClientListener listener = new ClientListener();
        WebSocket socket = connect("/ws/echo/blue", origin(), token, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        WebSocketSession session = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("alice", session.caller().username());

        socket.sendText("hello", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("echo blue: hello", listener.next());

        session.sendText("pushed from " + Thread.currentThread().getName());
        assertEquals("pushed from " + Thread.currentThread().getName(), listener.next());
        assertEquals(1, api.openWebSockets());

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(WebSocket.NORMAL_CLOSURE, serverSawClose.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void theBearerTokenOpensAWebSocketToo() throws Exception {
        String token = token("bob", "bob-password");
        ClientListener listener = new ClientListener();
        WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.localAddress().getPort() + "/ws/echo/red"), listener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("hi", true);
        assertEquals("echo red: hi", listener.next());
        socket.abort();
    }

    @Test
    void aWrongOriginIsRefusedWith403() throws Exception {
        String token = token("alice", "alice-password");
        ExecutionException refused = assertThrows(ExecutionException.class, () ->
                connect("/ws/echo/blue", "http://evil.example", token, new ClientListener())
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
                refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        assertFalse(opened.isDone());
    }

    @Test
    void noSessionIsRefusedWith401() {
        ExecutionException refused = assertThrows(ExecutionException.class, () ->
                connect("/ws/echo/blue", origin(), null, new ClientListener()).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
                refused.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
        assertFalse(opened.isDone());
    }

    @Test
    void anOversizedMessageClosesWith1009() throws Exception {
        String token = token("alice", "alice-password");
        ClientListener listener = new ClientListener();
        WebSocket socket = connect("/ws/echo/blue", origin(), token, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("x".repeat(MAX_MESSAGE + 1), true);
        assertEquals(1009, listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1009, serverSawClose.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void loggingOutClosesTheSessionsWebSocketsWith1008() throws Exception {
        String token = token("alice", "alice-password");
        ClientListener listener = new ClientListener();
        connect("/ws/echo/blue", origin(), token, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        send(HttpRequest.newBuilder(uri("/api/logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(1008, listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void removingTheUserClosesTheirWebSocketsWith1008() throws Exception {
        String token = token("bob", "bob-password");
        ClientListener listener = new ClientListener();
        connect("/ws/echo/blue", origin(), token, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        users.remove("bob");
        api.usersChanged();
        assertEquals(1008, listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** Sends raw bytes and returns what the server answered before closing. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.localAddress().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

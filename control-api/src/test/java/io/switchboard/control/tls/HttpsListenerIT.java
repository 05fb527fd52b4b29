package io.switchboard.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.control.ControlApi;
import io.switchboard.control.ControlApiSettings;
import io.switchboard.control.TestClock;
import io.switchboard.control.TestUsers;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.ws.WebSocketEndpoint;
import io.switchboard.control.ws.WebSocketRoutes;
import io.switchboard.control.ws.WebSocketSession;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API's HTTPS listener on a real socket with the JDK's clients trusting the test certificate:
 * login sets a Secure cookie, WebSocket over TLS upgrades with the https origin, and a client that does not
 * trust the certificate gets no answer.
 */
class HttpsListenerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestUsers users = new TestUsers().add("alice", "alice-password");
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private ControlApi api;
    private ServerTls tls;

    private final WebSocketEndpoint echo = new WebSocketEndpoint() {
        @Override
        public void onOpen(WebSocketSession session) {
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            session.sendText("echo " + text);
        }
    };

    @BeforeEach
    void start() throws Exception {
        tls = ServerTls.selfSigned(List.of("127.0.0.1"));
        api = ControlApi.start(ControlApiSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
                        .withDecoyCost(TestUsers.COST), users, new HttpRoutes(),
                new WebSocketRoutes().add("/ws/echo", echo), new TestClock());
        api.listenTls(new InetSocketAddress("127.0.0.1", 0), tls);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpClient trusting(ServerTls trusted) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("switchboard", trusted.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(WAIT).build();
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + api.tlsAddress().getPort() + path);
    }

    private HttpResponse<String> login(HttpClient client) throws Exception {
        return client.send(HttpRequest.newBuilder(https("/api/login")).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loginOverHttpsSetsASecureHttpOnlyStrictCookie() throws Exception {
        HttpResponse<String> response = login(trusting(tls));
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.startsWith(Authenticator.COOKIE + "="), cookie);
        assertTrue(cookie.contains("; Secure"), cookie);
        assertTrue(cookie.contains("; HttpOnly"), cookie);
        assertTrue(cookie.contains("; SameSite=Strict"), cookie);
    }

    @Test
    void theSameRoutesStayOnPlainHttpWithoutTheSecureAttribute() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.localAddress().getPort() + "/api/login")).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(!response.headers().firstValue("set-cookie").orElseThrow().contains("Secure"));
    }

    @Test
    void webSocketOverTlsUpgradesWithTheHttpsOriginAndEchoes() throws Exception {
        HttpClient client = trusting(tls);
        String cookie = login(client).headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        String origin = "https://127.0.0.1:" + api.tlsAddress().getPort();
        WebSocket socket = client.newWebSocketBuilder().header("Cookie", cookie).header("Origin", origin)
                .buildAsync(URI.create("wss://127.0.0.1:" + api.tlsAddress().getPort() + "/ws/echo"), collector())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("over tls", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("echo over tls", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void aPlainHttpOriginIsRefusedOnTheTlsListener() throws Exception {
        HttpClient client = trusting(tls);
        String cookie = login(client).headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        // The page of http://host:port is another origin than https://host:port (RFC 6454 section 4).
        String origin = "http://127.0.0.1:" + api.tlsAddress().getPort();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> client.newWebSocketBuilder()
                .header("Cookie", cookie).header("Origin", origin)
                .buildAsync(URI.create("wss://127.0.0.1:" + api.tlsAddress().getPort() + "/ws/echo"), collector())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateGetsNoAnswer() throws Exception {
        HttpClient stranger = trusting(ServerTls.selfSigned(List.of()));
        assertThrows(SSLHandshakeException.class, () -> login(stranger));
        // The listener keeps serving those who trust it.
        assertEquals(200, login(trusting(tls)).statusCode());
    }

    @Test
    void pemFilesMakeTheSameListener(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TestPem.write(cert, key);
        ServerTls fromFiles = ServerTls.fromPem(cert, key);
        assertTrue(!fromFiles.isSelfSigned());
        assertEquals(64 + 31, fromFiles.fingerprint().length());
        try (ControlApi second = ControlApi.start(ControlApiSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withDecoyCost(TestUsers.COST), users, new HttpRoutes(), new WebSocketRoutes(), new TestClock())) {
            InetSocketAddress bound = second.listenTls(new InetSocketAddress("127.0.0.1", 0), fromFiles);
            HttpResponse<String> response = trusting(fromFiles).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + bound.getPort() + "/api/session")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
        }
    }

    @Test
    void aKeyThatIsNotPemIsRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TestPem.write(cert, key);
        Files.writeString(key, "not a key\n");
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> ServerTls.fromPem(cert, key));
        assertTrue(refused.getMessage().contains(key.toString()), refused.getMessage());
    }

    private WebSocket.Listener collector() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                received.add(data.toString());
                webSocket.request(1);
                return null;
            }
        };
    }
}

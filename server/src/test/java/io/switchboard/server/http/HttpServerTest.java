package io.switchboard.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener over real loopback connections: routing, errors, limits. */
class HttpServerTest {
    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/hello", request -> HttpReply.json(HttpResponseStatus.OK, "{\"hello\":1}"))
                .add(HttpMethod.POST, "/echo", request -> new HttpReply(HttpResponseStatus.OK, HttpReply.TEXT,
                        request.content().toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)))
                .add(HttpMethod.GET, "/boom", request -> {
                    throw new IllegalStateException("secret internals");
                });
        server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return client.send(builder.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
    }

    @Test
    void knownRouteAnswers() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/hello?x=1")).GET());
        assertEquals(200, response.statusCode());
        assertEquals("{\"hello\":1}", response.body());
        assertEquals(HttpReply.JSON, response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/nope")).GET());
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"no such resource: /nope\"}", response.body());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/hello"))
                .DELETE());
        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void failingRouteIs500WithoutStackTrace() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/boom")).GET());
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"internal error\"}", response.body());
    }

    @Test
    void bodyIsDelivered() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("ping")));
        assertEquals("ping", response.body());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        byte[] big = new byte[HttpServer.MAX_CONTENT + 1];
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, response.statusCode());
    }

    @Test
    void garbageRequestLineIs400() throws Exception {
        String reply = raw("THIS IS NOT HTTP\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(!reply.contains("Exception"), reply);
    }

    @Test
    void hugeHeaderIs431() throws Exception {
        String reply = raw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(HttpServer.MAX_HEADER_SIZE + 10)
                + "\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 431"), reply);
    }

    @Test
    void hugeRequestLineIs414() throws Exception {
        String reply = raw("GET /" + "a".repeat(HttpServer.MAX_INITIAL_LINE + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 414"), reply);
    }

    /** Sends raw bytes and returns what the server answered before closing. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

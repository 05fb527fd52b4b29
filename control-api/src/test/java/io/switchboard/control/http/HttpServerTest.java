package io.switchboard.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener over real loopback connections: routing, templates, errors, limits, keep-alive. */
class HttpServerTest {
    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A JSON body a route expects. */
    record Greeting(String name) {
    }

    @BeforeEach
    void start() throws Exception {
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/hello", request -> HttpResponse.json(200, "{\"hello\":1}"))
                .add(HttpMethod.POST, "/echo", request -> HttpResponse.of(200, HttpResponse.TEXT,
                        new String(request.body(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)))
                .add(HttpMethod.GET, "/boom", request -> {
                    throw new IllegalStateException("secret internals");
                })
                .add(HttpMethod.GET, "/api/contacts/{contactId}",
                        request -> HttpResponse.text(200, "contact " + request.pathParam("contactId")))
                .add(HttpMethod.DELETE, "/api/contacts/{contactId}", request -> HttpResponse.noContent())
                .add(HttpMethod.GET, "/api/contacts/current", request -> HttpResponse.text(200, "the current one"))
                .add(HttpMethod.GET, "/query", request -> HttpResponse.text(200,
                        request.queryParam("q").orElse("none") + "|" + request.query().getOrDefault("q", java.util.List.of())))
                .add(HttpMethod.POST, "/greet", request -> HttpResponse.text(200,
                        "hi " + request.json(Greeting.class).name()))
                .addAsync(HttpMethod.GET, "/slow", request -> later(200, "slow"))
                .add(HttpMethod.GET, "/fast", request -> HttpResponse.text(200, "fast"));
        server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes);
    }

    /** Completes from another thread after a while, so a pipelined request behind it is ready first. */
    private static CompletionStage<HttpResponse> later(int status, String text) {
        return CompletableFuture.supplyAsync(() -> HttpResponse.text(status, text),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder builder) throws Exception {
        return client.send(builder.timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpRequest.Builder request(String path) {
        return java.net.http.HttpRequest.newBuilder(uri(path));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
    }

    @Test
    void knownRouteAnswers() throws Exception {
        var response = send(request("/hello?x=1").GET());
        assertEquals(200, response.statusCode());
        assertEquals("{\"hello\":1}", response.body());
        assertEquals(HttpResponse.JSON, response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
    }

    @Test
    void unknownPathIs404() throws Exception {
        var response = send(request("/nope").GET());
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"no such resource: /nope\"}", response.body());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        var response = send(request("/hello").DELETE());
        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void allowListsEveryMethodOfTheTemplate() throws Exception {
        var response = send(request("/api/contacts/c-1").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, response.statusCode());
        assertEquals("DELETE, GET", response.headers().firstValue("allow").orElseThrow());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
    }

    @Test
    void failingRouteIs500WithoutStackTrace() throws Exception {
        var response = send(request("/boom").GET());
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"internal error\"}", response.body());
    }

    @Test
    void bodyIsDelivered() throws Exception {
        var response = send(request("/echo").POST(java.net.http.HttpRequest.BodyPublishers.ofString("ping")));
        assertEquals("ping", response.body());
    }

    @Test
    void pathTemplateBindsADecodedSegment() throws Exception {
        var response = send(request("/api/contacts/abc%20d").GET());
        assertEquals(200, response.statusCode());
        assertEquals("contact abc d", response.body());
    }

    @Test
    void anEncodedSlashStaysInsideItsSegment() throws Exception {
        var response = send(request("/api/contacts/a%2Fb").GET());
        assertEquals("contact a/b", response.body());
        assertEquals(404, send(request("/api/contacts/a/b").GET()).statusCode());
    }

    @Test
    void literalSegmentBeatsATemplateParameter() throws Exception {
        assertEquals("the current one", send(request("/api/contacts/current").GET()).body());
    }

    @Test
    void anEmptySegmentIsNoParameterValue() throws Exception {
        assertEquals(404, send(request("/api/contacts/").GET()).statusCode());
    }

    @Test
    void queryParametersAreDelivered() throws Exception {
        assertEquals("a b|[a b, c]", send(request("/query?q=a+b&q=c").GET()).body());
    }

    @Test
    void headAnswersTheGetHeadersWithoutBody() throws Exception {
        var get = send(request("/hello").GET());
        var head = send(request("/hello").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("content-length"), head.headers().firstValue("content-length"));
        assertEquals(HttpResponse.JSON, head.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void badJsonBodyIs400WithJsonError() throws Exception {
        var response = send(request("/greet").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"s3cret")));
        assertEquals(400, response.statusCode());
        assertEquals(HttpResponse.JSON, response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().startsWith("{\"error\":\"malformed JSON body"), response.body());
        assertTrue(!response.body().contains("s3cret"), "the error quotes the body: " + response.body());
    }

    @Test
    void jsonOfTheWrongShapeIs400() throws Exception {
        var response = send(request("/greet").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[1, 2]")));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":\"JSON body has the wrong shape"), response.body());
    }

    @Test
    void goodJsonBodyIsRead() throws Exception {
        var response = send(request("/greet").header("Content-Type", "application/json; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Ann\",\"extra\":true}")));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("hi Ann", response.body());
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() throws Exception {
        var response = send(request("/greet").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=Ann")));
        assertEquals(415, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        byte[] big = new byte[HttpServer.MAX_CONTENT + 1];
        var response = send(request("/echo").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
    }

    @Test
    void unknownMethodIs501() throws Exception {
        String reply = raw("BREW /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 501"), reply);
    }

    @Test
    void garbageRequestLineIs400() throws Exception {
        String reply = raw("THIS IS NOT HTTP\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(!reply.contains("Exception"), reply);
    }

    @Test
    void badPercentEscapeIs400() throws Exception {
        String reply = raw("GET /api/contacts/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
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

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        String reply = raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(2, reply.split("HTTP/1.1 200", -1).length - 1, reply);
        assertTrue(reply.contains("Connection: keep-alive") || reply.contains("connection: keep-alive"), reply);
    }

    @Test
    void pipelinedResponsesKeepRequestOrderBehindASlowRoute() throws Exception {
        String reply = raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int slow = reply.indexOf("slow");
        int fast = reply.indexOf("fast");
        assertTrue(slow > 0 && fast > slow, reply);
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

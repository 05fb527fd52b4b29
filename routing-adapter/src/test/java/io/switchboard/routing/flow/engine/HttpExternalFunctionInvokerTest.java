package io.switchboard.routing.flow.engine;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ExternalFunctionException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP invoker against a local server: success, timeout, bad JSON, non-2xx. */
class HttpExternalFunctionInvokerTest {

    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, 200, "{\"customerName\":\"Ada\",\"balance\":\"42.50\"}");
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "{}");
        });
        server.createContext("/garbage", exchange -> reply(exchange, 200, "<html>not json"));
        server.createContext("/broken", exchange -> reply(exchange, 500, "{\"error\":\"boom\"}"));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ExternalFunction fn(String path) {
        return new ExternalFunction("fn", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Duration.ofSeconds(8));
    }

    private JsonNode call(String path, Duration timeout) throws Exception {
        JsonNode event = new ObjectMapper().readTree("{\"Details\":{\"Parameters\":{\"k\":\"v\"}},\"Name\":\"ContactFlowEvent\"}");
        return new HttpExternalFunctionInvoker().invoke(fn(path), event, timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String failure(ExecutionException e) {
        assertInstanceOf(ExternalFunctionException.class, e.getCause());
        return e.getCause().getMessage();
    }

    @Test
    void postsTheEventAndReturnsTheReply() throws Exception {
        JsonNode reply = call("/ok", Duration.ofSeconds(2));
        assertEquals("Ada", reply.get("customerName").asText());
        assertEquals("v", new ObjectMapper().readTree(received.get()).at("/Details/Parameters/k").asText());
    }

    @Test
    void slowFunctionTimesOut() {
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call("/slow", Duration.ofMillis(300)));
        assertTrue(failure(e).contains("timed out"), failure(e));
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "gave up at the time limit, not when the server answered");
    }

    @Test
    void badJsonIsAFailure() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call("/garbage", Duration.ofSeconds(2)));
        assertTrue(failure(e).contains("invalid JSON"), failure(e));
    }

    @Test
    void non2xxIsAFailure() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call("/broken", Duration.ofSeconds(2)));
        assertTrue(failure(e).contains("HTTP 500"), failure(e));
    }

    @Test
    void unreachableFunctionIsAFailure() {
        ExternalFunction nowhere = new ExternalFunction("gone", URI.create("http://127.0.0.1:1/x"), Duration.ofSeconds(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> new HttpExternalFunctionInvoker()
                .invoke(nowhere, new ObjectMapper().createObjectNode(), Duration.ofSeconds(1))
                .toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(failure(e).contains("unreachable"), failure(e));
    }
}

package io.switchboard.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The request handler in memory: ordering behind async routes, HEAD, and who releases the buffers. */
class HttpRequestHandlerTest {
    private final CompletableFuture<HttpResponse> slow = new CompletableFuture<>();
    private final HttpRoutes routes = new HttpRoutes()
            .addAsync(HttpMethod.GET, "/slow", request -> slow)
            .add(HttpMethod.GET, "/fast", request -> HttpResponse.text(200, "fast"))
            .add(HttpMethod.POST, "/echo", request -> HttpResponse.of(200, HttpResponse.TEXT, request.body()))
            .addAsync(HttpMethod.GET, "/refused", request -> CompletableFuture.failedFuture(
                    new HttpException(409, "refused for a reason")));
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestHandler(routes, null));

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, uri);
    }

    private String readText() {
        FullHttpResponse response = channel.readOutbound();
        try {
            return response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void aPipelinedRequestWaitsForTheSlowOneBeforeIt() {
        FullHttpRequest first = get("/slow");
        FullHttpRequest second = get("/fast");
        channel.writeInbound(first, second);
        assertNull(channel.readOutbound(), "answered before the slow route completed");
        assertEquals(0, first.refCnt(), "the served request was not released");
        assertEquals(1, second.refCnt(), "the waiting request must be held");

        slow.complete(HttpResponse.text(200, "slow"));
        channel.runPendingTasks();
        assertEquals("200 slow", readText());
        assertEquals("200 fast", readText());
        assertEquals(0, second.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void waitingRequestsAreReleasedWhenTheConnectionCloses() {
        FullHttpRequest waiting = get("/fast");
        channel.writeInbound(get("/slow"), waiting);
        channel.close();
        assertEquals(0, waiting.refCnt());
        slow.complete(HttpResponse.text(200, "late"));
        channel.runPendingTasks();
        assertFalse(channel.finish());
    }

    @Test
    void tooManyWaitingRequestsStopReading() {
        channel.writeInbound(get("/slow"));
        for (int i = 0; i < HttpRequestHandler.MAX_WAITING; i++) {
            channel.writeInbound(get("/fast"));
        }
        assertFalse(channel.config().isAutoRead());
        slow.complete(HttpResponse.text(200, "slow"));
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        for (int i = 0; i <= HttpRequestHandler.MAX_WAITING; i++) {
            readText();
        }
        assertFalse(channel.finish());
    }

    @Test
    void headAnnouncesTheLengthWithoutTheBody() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.HEAD, "/fast"));
        FullHttpResponse response = channel.readOutbound();
        assertEquals(200, response.status().code());
        assertEquals("4", response.headers().get("content-length"));
        assertEquals(0, response.content().readableBytes());
        response.release();
        assertFalse(channel.finish());
    }

    @Test
    void theBodyIsCopiedOutAndTheBufferReleased() {
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.POST, "/echo",
                Unpooled.copiedBuffer("payload", StandardCharsets.UTF_8));
        channel.writeInbound(post);
        assertEquals(0, post.refCnt());
        assertEquals("200 payload", readText());
        assertFalse(channel.finish());
    }

    @Test
    void aFailedStageWithAnHttpExceptionAnswersItsStatus() {
        channel.writeInbound(get("/refused"));
        assertEquals("409 {\"error\":\"refused for a reason\"}", readText());
        assertFalse(channel.finish());
    }
}

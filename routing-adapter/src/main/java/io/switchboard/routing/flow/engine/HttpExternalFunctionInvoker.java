package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ExternalFunctionException;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Calls external functions with an HTTP(S) POST of the event as JSON, using {@link HttpClient}'s
 * asynchronous API: nothing blocks the caller, and the reply is parsed on the client's threads.
 */
public final class HttpExternalFunctionInvoker implements ExternalFunctionInvoker {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;

    public HttpExternalFunctionInvoker() {
        this(HttpClient.newBuilder().connectTimeout(ExternalFunction.MAX_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public HttpExternalFunctionInvoker(HttpClient client) {
        this.client = client;
    }

    @Override
    public CompletionStage<JsonNode> invoke(ExternalFunction function, JsonNode event, Duration timeout) {
        Duration limit = timeout.compareTo(ExternalFunction.MAX_TIMEOUT) > 0 ? ExternalFunction.MAX_TIMEOUT : timeout;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(function.url())
                    .timeout(limit)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(event)))
                    .build();
        } catch (JacksonException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ExternalFunctionException("cannot build request: " + e.getMessage(), e));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        if (cause instanceof HttpTimeoutException) {
                            throw new ExternalFunctionException(function.name() + " timed out after " + limit.toMillis() + " ms", cause);
                        }
                        throw new ExternalFunctionException(function.name() + " unreachable: " + cause, cause);
                    }
                    int status = response.statusCode();
                    if (status < 200 || status > 299) {
                        throw new ExternalFunctionException(function.name() + " answered HTTP " + status);
                    }
                    try {
                        JsonNode reply = MAPPER.readTree(response.body());
                        if (reply == null || reply.isMissingNode()) {
                            throw new ExternalFunctionException(function.name() + " answered an empty body");
                        }
                        return reply;
                    } catch (java.io.IOException e) {
                        throw new ExternalFunctionException(function.name() + " answered invalid JSON: " + e.getMessage(), e);
                    }
                });
    }
}

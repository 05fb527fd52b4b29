package io.switchboard.routing.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records function calls and leaves each pending until the test answers it. */
public final class FakeFunctions implements ExternalFunctionInvoker {

    public final List<Call> calls = new ArrayList<>();

    @Override
    public CompletionStage<JsonNode> invoke(ExternalFunction function, JsonNode event, Duration timeout) {
        Call call = new Call(function, event, timeout);
        calls.add(call);
        return call.reply;
    }

    public Call last() {
        return calls.get(calls.size() - 1);
    }

    /** One call. */
    public record Call(ExternalFunction function, JsonNode event, Duration timeout, CompletableFuture<JsonNode> reply) {
        Call(ExternalFunction function, JsonNode event, Duration timeout) {
            this(function, event, timeout, new CompletableFuture<>());
        }
    }
}

package io.switchboard.routing.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Calls external functions. Never blocks the caller; the answer arrives on another thread. */
public interface ExternalFunctionInvoker {

    /**
     * Sends {@code event} to {@code function} and completes with its JSON reply, or exceptionally with an
     * {@link ExternalFunctionException} on timeout, a non-2xx status, or a reply that is not JSON.
     */
    CompletionStage<JsonNode> invoke(ExternalFunction function, JsonNode event, Duration timeout);
}

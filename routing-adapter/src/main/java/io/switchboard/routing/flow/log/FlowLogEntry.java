package io.switchboard.routing.flow.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One flow log record: a block a contact passed, with the fields of Amazon Connect's flow logs.
 * {@code parameters} are the block's parameters with references already replaced by their values.
 */
public record FlowLogEntry(Instant timestamp, String contactId, String contactFlowId, String contactFlowName,
                           String contactFlowModuleType, String identifier, JsonNode parameters, String results) {

    public FlowLogEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(contactFlowId, "contactFlowId");
        Objects.requireNonNull(contactFlowName, "contactFlowName");
        Objects.requireNonNull(contactFlowModuleType, "contactFlowModuleType");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(parameters, "parameters");
    }
}

package io.switchboard.routing.flow.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One flow log record: a block a contact passed, with the fields of Amazon Connect's flow logs.
 * {@code parameters} are the block's parameters with references already replaced by their values;
 * {@code contactFlowVersion} names the version of the flow the contact ran (Switchboard's addition).
 */
public record FlowLogEntry(Instant timestamp, String contactId, String contactFlowId, String contactFlowName,
                           String contactFlowModuleType, String identifier, JsonNode parameters, String results,
                           String contactFlowVersion) {

    /** An entry that names no flow version. */
    public FlowLogEntry(Instant timestamp, String contactId, String contactFlowId, String contactFlowName,
                        String contactFlowModuleType, String identifier, JsonNode parameters, String results) {
        this(timestamp, contactId, contactFlowId, contactFlowName, contactFlowModuleType, identifier, parameters, results, null);
    }

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

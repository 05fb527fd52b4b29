package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One entry of a flow's {@code Actions} array as written, before its parameters are compiled. */
public record ActionDefinition(String identifier, String type, JsonNode parameters, Transitions transitions) {

    public ActionDefinition {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(transitions, "transitions");
    }
}

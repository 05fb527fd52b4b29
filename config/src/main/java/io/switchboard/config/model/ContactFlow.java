package io.switchboard.config.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A contact flow file ({@code flows/NAME.json}) in the Amazon Connect flow language, kept as a
 * JSON document: its semantics belong to the routing adapter. The loader has only checked that it
 * is well formed ({@code Version}, {@code StartAction}, {@code Actions} with unique identifiers,
 * transitions that name existing actions).
 */
public record ContactFlow(String name, String file, JsonNode document) {

    public ContactFlow {
        document = document.deepCopy();
    }

    /** A copy of the flow document; the configuration snapshot itself stays immutable. */
    @Override
    public JsonNode document() {
        return document.deepCopy();
    }

    public String startAction() {
        return document.path("StartAction").asText();
    }
}

package io.switchboard.config.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A contact flow file ({@code flows/NAME.json}) in the Amazon Connect flow language, kept as a
 * JSON document: its semantics belong to the routing adapter. The loader has only checked that it
 * is well formed ({@code Version}, {@code StartAction}, {@code Actions} with unique identifiers,
 * transitions that name existing actions).
 */
public record ContactFlow(String name, String file, JsonNode document, Map<String, Integer> lines) {

    public ContactFlow {
        document = document.deepCopy();
        lines = Map.copyOf(lines);
    }

    /**
     * The line in {@link #file} of a value, by the same key paths problems use
     * ({@code Actions[3].Parameters.QueueId}); falls back to the nearest enclosing value, then 0.
     */
    public int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return lines.getOrDefault("", 0);
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

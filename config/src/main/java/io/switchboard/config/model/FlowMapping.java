package io.switchboard.config.model;

import java.util.Map;
import java.util.Optional;

/**
 * The instance's {@code flow-mapping.yaml}: what flows exported from Amazon Connect write for a resource (a
 * whole ARN, an id, or an export tool's placeholder) mapped to the local name of that resource, with the
 * line of each entry so that problems can point at it.
 */
public record FlowMapping(Map<String, String> entries, Map<String, Integer> lines) {

    /** The file's name in an instance directory, beside {@code instance.yaml}. */
    public static final String FILE = "flow-mapping.yaml";
    public static final FlowMapping EMPTY = new FlowMapping(Map.of(), Map.of());

    public FlowMapping {
        entries = Map.copyOf(entries);
        lines = Map.copyOf(lines);
    }

    /** The entry a reference resolves through, and the local name it gives. */
    public record Match(String key, String name, int line) {
    }

    /**
     * The entry that applies to {@code raw}: the one for {@code raw} as written, else, for an ARN, the one
     * for its trailing id; empty when neither is mapped.
     */
    public Optional<Match> match(String raw) {
        String key = entries.containsKey(raw) ? raw
                : raw.startsWith("arn:") && entries.containsKey(trailingId(raw)) ? trailingId(raw) : null;
        return key == null ? Optional.empty()
                : Optional.of(new Match(key, entries.get(key), lines.getOrDefault(key, 0)));
    }

    /**
     * The id an ARN ends with: the function name of a Lambda ARN ({@code ...:function:NAME[:qualifier]}), else
     * what follows its last {@code /} ({@code .../queue/ID}), else its last {@code :}.
     */
    public static String trailingId(String arn) {
        int function = arn.indexOf(":function:");
        if (function >= 0) {
            String rest = arn.substring(function + ":function:".length());
            int qualifier = rest.indexOf(':');
            return qualifier < 0 ? rest : rest.substring(0, qualifier);
        }
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn.substring(arn.lastIndexOf(':') + 1) : arn.substring(slash + 1);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}

package io.switchboard.config.check;

import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.bind.TreeReader;
import io.switchboard.config.model.FlowMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a flow mapping file: a YAML mapping of text to text ({@code "arn:aws:connect:...:queue/1a2b": Sales},
 * {@code 1a2b: Sales}). Problems are recorded as {@code file:line: key: problem}, like the instance's own.
 */
public final class FlowMappingReader {

    private FlowMappingReader() {
    }

    /** The mapping in {@code text} (read from {@code file}); null when it has problems, which are recorded. */
    public static FlowMapping read(String file, String text, Problems problems) {
        int before = problems.size();
        Node root = TreeReader.readYaml(file, text, problems);
        if (root == null || root instanceof Node.ScalarNode s && s.isNull()) {
            return problems.size() > before ? null : FlowMapping.EMPTY; // unreadable, or an empty file
        }
        if (!(root instanceof Node.MapNode map)) {
            problems.add(root.origin(), "(document)", "expected a mapping of ARN or id to local name, found "
                    + root.describe());
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        map.entries().forEach((key, entry) -> {
            if (entry.value() instanceof Node.ScalarNode value && value.kind() != Node.ScalarNode.Kind.NULL
                    && value.kind() != Node.ScalarNode.Kind.INVALID && !value.text().isBlank()) {
                entries.put(key, value.text());
                lines.put(key, entry.keyOrigin().line());
            } else {
                boolean blank = entry.value() instanceof Node.ScalarNode value && value.text() != null
                        && value.text().isBlank();
                problems.add(entry.value().origin(), key, "expected a local name, found "
                        + (blank ? "nothing" : entry.value().describe()));
            }
        });
        return problems.size() > before ? null : new FlowMapping(entries, lines);
    }
}

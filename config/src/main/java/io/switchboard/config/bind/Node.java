package io.switchboard.config.bind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON document that remembers the line of every value, so that every problem
 * found later (type, reference, duplicate) can point at the line that caused it.
 */
public sealed interface Node {

    Origin origin();

    /** A short description of the node's kind for "expected X, found Y" messages. */
    String describe();

    /** A mapping; entries keep document order and the origin of their key. */
    record MapNode(Origin origin, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping: the key's own origin and its value. */
    record Entry(Origin keyOrigin, Node value) {
    }

    record ListNode(Origin origin, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as written (the raw text, so "+15550100" keeps its plus sign even though YAML
     * would read it as a number); {@code kind} keeps the token type for JSON round trips.
     */
    record ScalarNode(Origin origin, String text, Kind kind) implements Node {

        /** {@code INVALID} stands in for a value already reported as a problem (an alias to nothing). */
        public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, INVALID }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return isNull() ? "nothing" : "\"" + text + "\"";
        }
    }
}

package io.switchboard.config.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Node.ListNode;
import io.switchboard.config.bind.Node.MapNode;
import io.switchboard.config.bind.Node.ScalarNode;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.bind.TreeReader;
import io.switchboard.config.model.ContactFlow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks that a flow file is a well-formed Amazon Connect flow document: {@code Version},
 * {@code StartAction} and {@code Actions}, each action with a unique {@code Identifier} and a
 * {@code Type}, and every transition naming an existing action. Which action types and parameters
 * are supported is the routing adapter's business, not this module's.
 */
public final class FlowChecker {

    private final String file;
    private final Problems problems;
    private final int before;

    private FlowChecker(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
        this.before = problems.size();
    }

    /** Parses and checks {@code text}; returns the flow, or null with problems recorded. */
    public static ContactFlow check(String name, String file, String text, Problems problems) {
        Node root = TreeReader.readJson(file, text, problems);
        if (root == null) {
            return null;
        }
        FlowChecker checker = new FlowChecker(file, problems);
        checker.structure(root);
        if (problems.size() > checker.before) {
            return null;
        }
        Map<String, Integer> lines = new HashMap<>();
        collectLines(root, "", lines);
        return new ContactFlow(name, file, toJson(root), lines);
    }

    private void structure(Node root) {
        if (!(root instanceof MapNode doc)) {
            problems.add(root.origin(), "(document)", "a flow must be a JSON object, found " + root.describe());
            return;
        }
        requireText(doc, "Version", "");
        ScalarNode start = requireText(doc, "StartAction", "");
        Node actionsNode = doc.get("Actions");
        if (actionsNode == null) {
            problems.add(doc.origin(), "Actions", "missing required key");
            return;
        }
        if (!(actionsNode instanceof ListNode actions) || actions.items().isEmpty()) {
            problems.add(actionsNode.origin(), "Actions", "expected a non-empty list of actions");
            return;
        }
        Map<String, Integer> identifiers = new HashMap<>();
        for (int i = 0; i < actions.items().size(); i++) {
            Node item = actions.items().get(i);
            String path = "Actions[" + i + "]";
            if (!(item instanceof MapNode action)) {
                problems.add(item.origin(), path, "expected an action object, found " + item.describe());
                continue;
            }
            ScalarNode id = requireText(action, "Identifier", path + ".");
            requireText(action, "Type", path + ".");
            if (id != null) {
                Integer first = identifiers.putIfAbsent(id.text(), id.origin().line());
                if (first != null) {
                    problems.add(id.origin(), path + ".Identifier",
                            "duplicate identifier \"" + id.text() + "\" (also at line " + first + ")");
                }
            }
            expectKind(action.get("Parameters"), path + ".Parameters", MapNode.class, "an object");
            expectKind(action.get("Transitions"), path + ".Transitions", MapNode.class, "an object");
        }
        if (start != null && !identifiers.containsKey(start.text())) {
            problems.add(start.origin(), "StartAction", "no action has Identifier \"" + start.text() + "\"");
        }
        for (int i = 0; i < actions.items().size(); i++) {
            if (actions.items().get(i) instanceof MapNode action
                    && action.get("Transitions") instanceof MapNode transitions) {
                transitions(transitions, "Actions[" + i + "].Transitions", identifiers);
            }
        }
    }

    private void transitions(MapNode transitions, String path, Map<String, Integer> identifiers) {
        nextAction(transitions, path, identifiers);
        for (String branch : new String[] {"Conditions", "Errors"}) {
            Node list = transitions.get(branch);
            if (list == null) {
                continue;
            }
            if (!(list instanceof ListNode items)) {
                problems.add(list.origin(), path + "." + branch, "expected a list, found " + list.describe());
                continue;
            }
            for (int j = 0; j < items.items().size(); j++) {
                if (items.items().get(j) instanceof MapNode entry) {
                    nextAction(entry, path + "." + branch + "[" + j + "]", identifiers);
                }
            }
        }
    }

    private void nextAction(MapNode holder, String path, Map<String, Integer> identifiers) {
        Node next = holder.get("NextAction");
        if (next instanceof ScalarNode s && !s.isNull() && !identifiers.containsKey(s.text())) {
            problems.add(s.origin(), path + ".NextAction", "no action has Identifier \"" + s.text() + "\"");
        }
    }

    private ScalarNode requireText(MapNode holder, String key, String prefix) {
        Node node = holder.get(key);
        if (node == null) {
            problems.add(holder.origin(), prefix + key, "missing required key");
            return null;
        }
        if (!(node instanceof ScalarNode s) || s.kind() != ScalarNode.Kind.STRING || s.text().isBlank()) {
            problems.add(node.origin(), prefix + key, "expected a non-empty string, found " + node.describe());
            return null;
        }
        return s;
    }

    private void expectKind(Node node, String path, Class<?> kind, String description) {
        if (node != null && !kind.isInstance(node)) {
            problems.add(node.origin(), path, "expected " + description + ", found " + node.describe());
        }
    }

    private static void collectLines(Node node, String path, Map<String, Integer> lines) {
        lines.put(path, node.origin().line());
        if (node instanceof MapNode map) {
            map.entries().forEach((k, e) -> {
                String child = path.isEmpty() ? k : path + "." + k;
                collectLines(e.value(), child, lines);
                lines.put(child, e.keyOrigin().line());
            });
        } else if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                collectLines(list.items().get(i), path + "[" + i + "]", lines);
            }
        }
    }

    /** Turns the located tree into a plain Jackson tree for the model. */
    static JsonNode toJson(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MapNode map) {
            ObjectNode o = f.objectNode();
            map.entries().forEach((k, e) -> o.set(k, toJson(e.value())));
            return o;
        }
        if (node instanceof ListNode list) {
            ArrayNode a = f.arrayNode();
            list.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        ScalarNode s = (ScalarNode) node;
        return switch (s.kind()) {
            case NULL, INVALID -> f.nullNode();
            case BOOLEAN -> f.booleanNode(Boolean.parseBoolean(s.text()));
            case INTEGER -> f.numberNode(new BigInteger(s.text()));
            case DECIMAL -> f.numberNode(new BigDecimal(s.text()));
            case STRING -> f.textNode(s.text());
        };
    }
}

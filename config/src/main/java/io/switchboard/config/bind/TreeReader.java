package io.switchboard.config.bind;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.switchboard.config.bind.Node.Entry;
import io.switchboard.config.bind.Node.ListNode;
import io.switchboard.config.bind.Node.MapNode;
import io.switchboard.config.bind.Node.ScalarNode;
import io.switchboard.config.bind.Node.ScalarNode.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON into a {@link Node} tree, recording the line of every token. Jackson's
 * data binding forgets locations once a tree is built, so the tree is built here from the
 * streaming parser instead. Duplicate keys and syntax errors become problems, not exceptions.
 */
public final class TreeReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final String MERGE_KEY = "<<";
    /** Aliases are shared, not copied, but binding walks each use: cap them against alias bombs. */
    private static final int MAX_ALIASES = 1000;

    private final String source;
    private final Problems problems;
    /** YAML anchors seen so far ({@code &name}), for the aliases ({@code *name}) that reuse them. */
    private final Map<String, Node> anchors = new HashMap<>();
    private int aliases;

    private TreeReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    /** Parses YAML text; returns null (with a problem recorded) when it is not well formed. */
    public static Node readYaml(String source, String text, Problems problems) {
        return read(YAML, source, text, problems);
    }

    /** Parses JSON text; returns null (with a problem recorded) when it is not well formed. */
    public static Node readJson(String source, String text, Problems problems) {
        return read(JSON, source, text, problems);
    }

    private static Node read(JsonFactory factory, String source, String text, Problems problems) {
        TreeReader reader = new TreeReader(source, problems);
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new MapNode(Origin.of(source, 1), Map.of());
            }
            Node root = reader.value(parser, "");
            if (parser.nextToken() != null) {
                problems.add(source, line(parser.currentTokenLocation()), "(document)",
                        "unexpected content after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
            problems.add(source, line, "(syntax)", firstLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(source, 0, "(file)", "cannot read: " + e.getMessage());
            return null;
        }
    }

    private Node value(JsonParser p, String path) throws IOException {
        Origin origin = Origin.of(source, line(p.currentTokenLocation()));
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            if (++aliases > MAX_ALIASES) {
                if (aliases == MAX_ALIASES + 1) {
                    problems.add(origin, path, "more than " + MAX_ALIASES + " aliases in one file");
                }
                return new ScalarNode(origin, "", Kind.INVALID);
            }
            Node target = anchors.get(p.getText());
            if (target == null) {
                problems.add(origin, path, "alias *" + p.getText() + " names no anchor defined above it");
                return new ScalarNode(origin, "", Kind.INVALID);
            }
            return target;
        }
        Object anchor = p.canReadObjectId() ? p.getObjectId() : null; // a YAML anchor (&name)
        Node node = plainValue(p, path, origin);
        if (anchor != null) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private Node plainValue(JsonParser p, String path, Origin origin) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                return map(p, origin, path);
            case START_ARRAY:
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, path + "[" + items.size() + "]"));
                }
                return new ListNode(origin, items);
            case VALUE_NULL:
                return new ScalarNode(origin, "", Kind.NULL);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new ScalarNode(origin, p.getText(), Kind.BOOLEAN);
            case VALUE_NUMBER_INT:
                return new ScalarNode(origin, p.getText(), Kind.INTEGER);
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(origin, p.getText(), Kind.DECIMAL);
            default:
                return new ScalarNode(origin, p.getText(), Kind.STRING);
        }
    }

    private Node map(JsonParser p, Origin origin, String path) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<MapNode> merges = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Origin keyOrigin = Origin.of(source, line(p.currentTokenLocation()));
            String childPath = path.isEmpty() ? key : path + "." + key;
            p.nextToken();
            Node value = value(p, childPath);
            if (key.equals(MERGE_KEY) && value instanceof MapNode merged) {
                // YAML merge key: keys of the merged mapping apply where this mapping has none.
                merges.add(merged);
                continue;
            }
            Entry previous = entries.get(key);
            if (previous != null) {
                problems.add(keyOrigin, childPath, "duplicate key (first at line "
                        + previous.keyOrigin().line() + ")");
                continue;
            }
            entries.put(key, new Entry(keyOrigin, value));
        }
        for (MapNode merged : merges) {
            merged.entries().forEach(entries::putIfAbsent);
        }
        return new MapNode(origin, entries);
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return "syntax error: " + (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}

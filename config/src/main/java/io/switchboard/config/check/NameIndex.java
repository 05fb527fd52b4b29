package io.switchboard.config.check;

import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Node.ListNode;
import io.switchboard.config.bind.Node.MapNode;
import io.switchboard.config.bind.Node.ScalarNode;
import io.switchboard.config.bind.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names written in one section of {@code instance.yaml}, read from the raw tree rather than
 * from the bound model: an entry that failed to bind (a typo in its maxContacts, say) still has a
 * name, and references to it must not be reported as dangling on top of its real problem.
 */
public final class NameIndex {

    /** One name as written, with the key path of its entry and where it is. */
    public record Named(String name, String path, Origin origin) {
    }

    /** A list section of instance.yaml and the key that names its entries ("" for a list of names). */
    public record Section(String path, String key) {
    }

    /** Every named section; names must be unique within each. */
    public static final List<Section> SECTIONS = List.of(
            new Section("phoneNumbers", "number"),
            new Section("trunks", "name"),
            new Section("hoursOfOperation", "name"),
            new Section("queues", "name"),
            new Section("routingProfiles", "name"),
            new Section("users", "username"),
            new Section("agentStatuses", "name"),
            new Section("quickConnects", "name"),
            new Section("securityProfiles", "name"),
            new Section("agentHierarchy.levels", ""),
            new Section("agentHierarchy.groups", "name"),
            new Section("externalFunctions", "name"),
            new Section("turnUsers", "username"));

    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private final List<Named> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Indexes the {@code key} values of the list at {@code path} ({@code queues}, {@code routingProfiles[2].queues}). */
    public static NameIndex of(Node root, String path, String key) {
        NameIndex index = new NameIndex();
        Node node = root;
        for (String part : path.split("\\.")) {
            Matcher indexed = INDEXED.matcher(part);
            String segment = indexed.matches() ? indexed.group(1) : part;
            node = node instanceof MapNode m ? m.get(segment) : null;
            if (indexed.matches()) {
                int i = Integer.parseInt(indexed.group(2));
                node = node instanceof ListNode l && i < l.items().size() ? l.items().get(i) : null;
            }
        }
        if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                Node value = item instanceof MapNode m ? m.get(key) : item;
                // Names as written, untrimmed, exactly as references to them are bound.
                if (value instanceof ScalarNode s && s.kind() != ScalarNode.Kind.NULL
                        && s.kind() != ScalarNode.Kind.INVALID) {
                    String itemPath = path + "[" + i + "]";
                    String entryPath = item instanceof MapNode ? itemPath + "." + key : itemPath;
                    index.entries.add(new Named(s.text(), entryPath, s.origin()));
                    index.names.add(s.text());
                }
            }
        }
        return index;
    }

    /** Section path to the names written in it, for {@code @Ref} checks while binding. */
    public static Map<String, Set<String>> allNames(Node root) {
        Map<String, Set<String>> all = new HashMap<>();
        for (Section s : SECTIONS) {
            all.put(s.path(), Set.copyOf(of(root, s.path(), s.key()).names));
        }
        return all;
    }

    /**
     * The key path of the first entry with {@code name} ({@code queues[2]}), or {@code fallback}
     * when there is none. Bound lists leave out entries that failed, so their indexes are not the
     * file's; this gives the file's.
     */
    public String itemPath(String name, String fallback) {
        for (Named n : entries) {
            if (n.name().equals(name)) {
                int dot = n.path().lastIndexOf('.');
                return n.path().endsWith("]") ? n.path() : n.path().substring(0, dot);
            }
        }
        return fallback;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    public List<Named> entries() {
        return entries;
    }
}

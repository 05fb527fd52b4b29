package io.switchboard.config.bind;

import io.switchboard.config.bind.Node.Entry;
import io.switchboard.config.bind.Node.ListNode;
import io.switchboard.config.bind.Node.MapNode;
import io.switchboard.config.bind.Node.ScalarNode;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a {@link Node} tree onto immutable model records by reflection: each record component is a
 * YAML key of the same name. Absent keys take their {@link Default}, {@link Optional} ones are null,
 * lists and maps are empty; any other absent key is a problem. Every problem is recorded and binding
 * goes on, so one pass reports all of them. A record with a missing or unusable value is not built
 * (its parent gets null, a list leaves it out), which keeps one mistake from cascading into others;
 * a record whose values are all usable is built even if some are wrong in context (an unknown key
 * beside them, a name that resolves to nothing), so the checks that follow binding still see it.
 */
public final class Binder {

    private static final Map<Class<?>, Object> ZEROS = Map.of(
            int.class, 0, long.class, 0L, boolean.class, false);
    /** Marks a component whose value is missing or unusable, as opposed to one with a soft problem. */
    private static final Object FAILED = new Object();

    private final Problems problems;
    private final Map<String, java.util.Set<String>> names;
    private final Map<String, Origin> origins = new HashMap<>();

    /** A binder without reference checks (for documents that have no {@link Ref} keys). */
    public Binder(Problems problems) {
        this(problems, Map.of());
    }

    /**
     * A binder that checks {@link Ref} keys against {@code names}: section key path to the names
     * defined there. Names come from the raw tree, so an entry that fails to bind still resolves.
     */
    public Binder(Problems problems, Map<String, java.util.Set<String>> names) {
        this.problems = problems;
        this.names = names;
    }

    /** The origin of every key path bound so far, for checks that run after binding. */
    public Map<String, Origin> origins() {
        return Collections.unmodifiableMap(origins);
    }

    /** Binds {@code node} to a record of {@code type}; null when a value is missing or unusable. */
    public <R extends Record> R bind(Class<R> type, Node node, String path) {
        return bind(type, node, path, false);
    }

    /**
     * Binds a whole document, building the root even when parts of it failed (those parts are left
     * out), so that checks across parts can still run and report their own problems.
     */
    public <R extends Record> R bindRoot(Class<R> type, Node node) {
        return bind(type, node, "", true);
    }

    private <R extends Record> R bind(Class<R> type, Node node, String path, boolean lenient) {
        origins.putIfAbsent(path, node.origin());
        if (!(node instanceof MapNode map)) {
            problems.add(node.origin(), path.isEmpty() ? "(document)" : path,
                    "expected a mapping, found " + node.describe());
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        boolean failed = false;
        for (int i = 0; i < components.length; i++) {
            Object value = component(components[i], map, path);
            if (value == FAILED) {
                failed = true;
                Class<?> raw = components[i].getType();
                value = raw.isPrimitive() ? ZEROS.get(raw) : emptyOf(raw);
            }
            args[i] = value;
        }
        reportUnknownKeys(type, map, path, components);
        if (failed && !lenient) {
            return null;
        }
        return construct(type, components, args, map, path);
    }

    private Object component(RecordComponent c, MapNode map, String path) {
        Class<?> raw = c.getType();
        if (c.isAnnotationPresent(FromFiles.class)) {
            return emptyOf(raw);
        }
        String childPath = join(path, c.getName());
        Entry entry = map.entries().get(c.getName());
        if (entry == null || entry.value() instanceof ScalarNode s && s.isNull()) {
            return absent(c, childPath, map);
        }
        origins.put(childPath, entry.keyOrigin());
        Object value = value(c.getGenericType(), c, entry.value(), childPath);
        return value == null ? FAILED : value;
    }

    private Object absent(RecordComponent c, String childPath, MapNode map) {
        Default def = c.getAnnotation(Default.class);
        if (def != null) {
            return Scalars.convert(c.getType(), def.value());
        }
        Object empty = emptyOf(c.getType());
        if (empty != null || c.isAnnotationPresent(Optional.class)) {
            return empty;
        }
        problems.add(map.origin(), childPath, "missing required key");
        return FAILED;
    }

    private static Object emptyOf(Class<?> raw) {
        if (raw == List.class) {
            return List.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        return null;
    }

    private Object value(Type type, AnnotatedElement annotations, Node node, String path) {
        if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.INVALID) {
            return null; // reported when it was read
        }
        Class<?> raw = rawClass(type);
        if (raw == List.class) {
            return list(type, annotations, node, path);
        }
        if (raw == Map.class) {
            return map(type, node, path);
        }
        if (raw.isRecord() && !Scalars.isScalar(raw)) {
            return bind(raw.asSubclass(Record.class), node, path);
        }
        return scalar(raw, annotations, node, path);
    }

    private Object list(Type type, AnnotatedElement annotations, Node node, String path) {
        if (!(node instanceof ListNode list)) {
            problems.add(node.origin(), path, "expected a list, found " + node.describe());
            return null;
        }
        Type element = typeArgument(type, 0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String itemPath = path + "[" + i + "]";
            origins.put(itemPath, item.origin());
            Object v = value(element, annotations, item, itemPath);
            if (v != null) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private Object map(Type type, Node node, String path) {
        if (!(node instanceof MapNode mapNode)) {
            problems.add(node.origin(), path, "expected a mapping, found " + node.describe());
            return null;
        }
        Type valueType = typeArgument(type, 1);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : mapNode.entries().entrySet()) {
            String childPath = join(path, e.getKey());
            origins.put(childPath, e.getValue().keyOrigin());
            Object v = value(valueType, null, e.getValue().value(), childPath);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private Object scalar(Class<?> raw, AnnotatedElement annotations, Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || scalar.isNull()) {
            problems.add(node.origin(), path, "expected a single value, found " + node.describe());
            return null;
        }
        if (scalar.text().isBlank()) {
            problems.add(node.origin(), path, "must not be empty");
            return null;
        }
        Object value;
        try {
            value = Scalars.convert(raw, scalar.text());
        } catch (IllegalArgumentException e) {
            problems.add(node.origin(), path, e.getMessage());
            return null;
        }
        Range range = annotations == null ? null : annotations.getAnnotation(Range.class);
        if (range != null && value instanceof Number n
                && (n.longValue() < range.min() || n.longValue() > range.max())) {
            problems.add(node.origin(), path, rangeMessage(range, n.longValue()));
            return null;
        }
        Ref ref = annotations == null ? null : annotations.getAnnotation(Ref.class);
        if (ref != null && !names.getOrDefault(ref.section(), java.util.Set.of()).contains(value.toString())) {
            String hint = ref.section().equals("flows") ? " (no flows/" + value + ".json)" : "";
            problems.add(node.origin(), path, "unknown " + ref.what() + " \"" + value + "\"" + hint);
        }
        return value;
    }

    /** The wording of a range violation, shared with layered settings. */
    public static String rangeMessage(Range range, long found) {
        if (range.max() == Integer.MAX_VALUE) {
            return "must be at least " + range.min() + ", found " + found;
        }
        return "must be between " + range.min() + " and " + range.max() + ", found " + found;
    }

    private void reportUnknownKeys(Class<?> type, MapNode map, String path, RecordComponent[] components) {
        List<String> known = new ArrayList<>();
        for (RecordComponent c : components) {
            if (!c.isAnnotationPresent(FromFiles.class)) {
                known.add(c.getName());
            }
        }
        for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
            String key = e.getKey();
            if (known.contains(key)) {
                continue;
            }
            problems.add(e.getValue().keyOrigin(), join(path, key), unknownKeyMessage(type, key, known));
        }
    }

    private static String unknownKeyMessage(Class<?> type, String key, List<String> known) {
        for (KeyHint hint : type.getAnnotationsByType(KeyHint.class)) {
            if (hint.key().equals(key)) {
                return hint.message();
            }
        }
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = k.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)) ? 0 : distance(k, key);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "unknown key" : "unknown key (did you mean \"" + best + "\"?)";
    }

    private <R> R construct(Class<R> type, RecordComponent[] components, Object[] args, MapNode map, String path) {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                problems.add(map.origin(), path.isEmpty() ? "(document)" : path, iae.getMessage());
                return null;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** Joins a parent key path and a key: {@code queues[1]} + {@code hours} = {@code queues[1].hours}. */
    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported model type " + type);
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw collection type in model: " + type);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

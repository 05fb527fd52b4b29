package io.switchboard.control.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A request's header fields; names compare case-insensitively (RFC 9110 section 5.1). Immutable. */
public final class RequestHeaders {
    private static final RequestHeaders EMPTY = new RequestHeaders(Map.of());

    /** Lower-case name to values in arrival order. */
    private final Map<String, List<String>> byName;

    private RequestHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    public static RequestHeaders empty() {
        return EMPTY;
    }

    /** Headers from name/value pairs in arrival order, as {@code "Accept", "text/html", "Host", "x"}. */
    public static RequestHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder builder = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** The first value of {@code name}, if present. */
    public Optional<String> first(String name) {
        List<String> values = byName.get(name.toLowerCase(Locale.ROOT));
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of {@code name}, in arrival order; empty when absent. */
    public List<String> all(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean contains(String name) {
        return byName.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The lower-case names present. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    @Override
    public String toString() {
        // Values may carry credentials (Authorization, Cookie): only the names are printed.
        return "RequestHeaders" + byName.keySet();
    }

    /** Collects header fields in arrival order. */
    public static final class Builder {
        private final Map<String, List<String>> byName = new TreeMap<>();

        public Builder add(String name, String value) {
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(value);
            return this;
        }

        public RequestHeaders build() {
            Map<String, List<String>> copy = new TreeMap<>();
            byName.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return new RequestHeaders(Collections.unmodifiableMap(copy));
        }
    }
}

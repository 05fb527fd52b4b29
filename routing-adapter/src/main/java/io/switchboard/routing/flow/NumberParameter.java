package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A whole-number parameter the flow language lets be "statically defined, or a single valid JSONPath
 * identifier": a static value is checked when the flow loads, a reference when the action runs, where a
 * value that is not a whole number in range takes the block's error branch instead of failing the load.
 */
public final class NumberParameter {

    private final String field;
    private final int min;
    private final int max;
    private final Integer fixed;
    private final AttributePath dynamic;

    private NumberParameter(String field, int min, int max, Integer fixed, AttributePath dynamic) {
        this.field = field;
        this.min = min;
        this.max = max;
        this.fixed = fixed;
        this.dynamic = dynamic;
    }

    /** Reads {@code field} of {@code parent}; absent gives {@code fallback}; problems go to {@code ctx}. */
    public static NumberParameter read(CompileContext ctx, JsonNode parent, String field, int min, int max, int fallback) {
        Optional<String> raw = ctx.text(parent, field);
        if (raw.isPresent() && AttributePath.looksLikePath(raw.get().trim())) {
            AttributePath path = ctx.path(field, raw.get().trim());
            return new NumberParameter(field, min, max, path == null ? fallback : null, path);
        }
        return new NumberParameter(field, min, max, ctx.integer(parent, field, min, max, fallback), null);
    }

    /** A fixed value, for parameters given under another name. */
    public static NumberParameter fixed(String field, int value) {
        return new NumberParameter(field, value, value, value, null);
    }

    public boolean isStatic() {
        return dynamic == null;
    }

    /**
     * The value for this run; empty after the action took {@code errorType}'s branch because the
     * reference read no whole number in range.
     */
    public OptionalInt resolve(ActionRuntime rt, String errorType) {
        if (dynamic == null) {
            return OptionalInt.of(fixed);
        }
        String value = dynamic.read(rt.contact()).orElse("").trim();
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        rt.invalid(errorType, field, value, "must be a whole number from " + min + " to " + max);
        return OptionalInt.empty();
    }

    @Override
    public String toString() {
        return dynamic != null ? dynamic.toString() : String.valueOf(fixed);
    }
}

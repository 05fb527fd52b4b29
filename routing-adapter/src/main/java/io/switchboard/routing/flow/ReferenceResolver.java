package io.switchboard.routing.flow;

import java.util.Map;
import java.util.Optional;

/**
 * Turns what a flow writes for a resource (a local name, a bare id, an Amazon Connect ARN, or a template
 * placeholder left by an export tool) into a local name, through the instance's mapping file
 * ({@code ARN or id -> local name}) or, for ARNs, their trailing id.
 */
public final class ReferenceResolver {

    private final Map<String, String> mapping;
    private final boolean keepPlaceholders;

    public ReferenceResolver(Map<String, String> mapping) {
        this(mapping, false);
    }

    private ReferenceResolver(Map<String, String> mapping, boolean keepPlaceholders) {
        this.mapping = Map.copyOf(mapping);
        this.keepPlaceholders = keepPlaceholders;
    }

    public static ReferenceResolver identity() {
        return new ReferenceResolver(Map.of());
    }

    /** Leaves template placeholders as names, for checking a flow's blocks without an instance to map onto. */
    public static ReferenceResolver keepingPlaceholders() {
        return new ReferenceResolver(Map.of(), true);
    }

    /**
     * The local name {@code raw} stands for, or empty when it is an unresolved placeholder such as
     * {@code {{SALES_QUEUE}}} or {@code ${QueueArn}}. Whether the name exists is the catalog's question.
     */
    public Optional<String> localName(ReferenceKind kind, String raw) {
        if (kind == ReferenceKind.MODULE && !mapping.containsKey(raw)) {
            raw = withoutQualifier(raw);
        }
        String mapped = mapping.get(raw);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        if (raw.contains("{{") || raw.contains("${")) {
            return keepPlaceholders ? Optional.of(raw) : Optional.empty();
        }
        if (raw.startsWith("arn:")) {
            String id = trailingId(kind, raw);
            return Optional.of(mapping.getOrDefault(id, id));
        }
        return Optional.of(raw);
    }

    /** A module id or ARN without its version or alias ({@code id:$LATEST}, {@code .../flow-module/id:prod}). */
    static String withoutQualifier(String raw) {
        int slash = raw.lastIndexOf('/');
        int colon = raw.lastIndexOf(':');
        boolean arnColon = raw.startsWith("arn:") && slash < 0;
        return colon > slash && !arnColon ? raw.substring(0, colon) : raw;
    }

    /** The id an ARN ends with: after {@code queue/} and the like, or the function name of a Lambda ARN. */
    static String trailingId(ReferenceKind kind, String arn) {
        if (kind == ReferenceKind.FUNCTION) {
            int at = arn.indexOf(":function:");
            if (at >= 0) {
                String rest = arn.substring(at + ":function:".length());
                int qualifier = rest.indexOf(':');
                return qualifier < 0 ? rest : rest.substring(0, qualifier);
            }
        }
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn.substring(arn.lastIndexOf(':') + 1) : arn.substring(slash + 1);
    }
}

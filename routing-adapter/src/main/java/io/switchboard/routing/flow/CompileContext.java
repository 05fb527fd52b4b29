package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.port.ResourceCatalog;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What compiling one action needs: its definition, the catalog and flow names to check references
 * against, and a place to report problems. Helpers read parameters the way the flow language writes
 * them (numbers and booleans usually as strings: "5", "True").
 */
public final class CompileContext {

    private final String file;
    private final ActionDefinition definition;
    private final ReferenceResolver resolver;
    private final ResourceCatalog catalog;
    private final Set<String> flowNames;
    private final List<FlowProblem> problems;
    private final List<SpeechUse> speech;
    private int reported;

    /** Problems go to {@code problems}, the voices the action speaks with to {@code speech}. */
    public CompileContext(String file, ActionDefinition definition, ReferenceResolver resolver,
                          ResourceCatalog catalog, Set<String> flowNames, List<FlowProblem> problems,
                          List<SpeechUse> speech) {
        this.file = file;
        this.definition = definition;
        this.resolver = resolver;
        this.catalog = catalog;
        this.flowNames = flowNames;
        this.problems = problems;
        this.speech = speech;
    }

    public ActionDefinition definition() {
        return definition;
    }

    public JsonNode parameters() {
        return definition.parameters();
    }

    public Transitions transitions() {
        return definition.transitions();
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    public void problem(String message) {
        problems.add(new FlowProblem(file, definition.identifier(), definition.type(), message));
        reported++;
    }

    /**
     * Records that the action speaks with (or switches later speech to) the synthesiser voice {@code voice},
     * which the contact center checks is installed when the flow is published.
     */
    public void speaksWith(String voice) {
        speech.add(new SpeechUse(file, definition.identifier(), definition.type(), voice));
    }

    /** Whether any problem was reported for this action so far. */
    public boolean failed() {
        return reported > 0;
    }

    /** A text parameter, if present; non-text values are reported. */
    public Optional<String> text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problem("parameter " + field + " must be a string");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    public Optional<String> text(String field) {
        return text(parameters(), field);
    }

    /** A text parameter that must be present; reports "missing required parameter". */
    public String required(String field) {
        Optional<String> value = text(field);
        if (value.isEmpty() && parameters().get(field) == null) {
            problem("missing required parameter " + field);
        }
        return value.orElse(null);
    }

    /** A whole number in [min, max], or {@code fallback} when absent; reports anything else. */
    public int integer(JsonNode parent, String field, int min, int max, int fallback) {
        Optional<String> value = text(parent, field);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n < min || n > max) {
                problem("parameter " + field + " must be between " + min + " and " + max + ", not " + n);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problem("parameter " + field + " must be a whole number, not '" + value.get() + "'");
            return fallback;
        }
    }

    /** "True"/"False" (any case) or a JSON boolean, or {@code fallback} when absent. */
    public boolean bool(JsonNode parent, String field, boolean fallback) {
        Optional<String> value = text(parent, field);
        if (value.isEmpty()) {
            return fallback;
        }
        String v = value.get().trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        problem("parameter " + field + " must be True or False, not '" + v + "'");
        return fallback;
    }

    /** Parses text with references; reports a bad reference and returns null. */
    public TextTemplate template(String field, String text) {
        try {
            return TextTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            problem("parameter " + field + ": " + e.getMessage());
            return null;
        }
    }

    /** A parameter that must be one whole reference, such as {@code $.Attributes.x}. */
    public AttributePath path(String field, String text) {
        try {
            return AttributePath.parse(text);
        } catch (IllegalArgumentException e) {
            problem("parameter " + field + ": " + e.getMessage());
            return null;
        }
    }

    /** Reports {@code field} as not supported by Switchboard when the action sets it. */
    public void unsupported(String field, String why) {
        JsonNode node = parameters().get(field);
        if (node != null && !node.isNull()) {
            problem("parameter " + field + " is not supported: " + why);
        }
    }

    /**
     * A resource reference: static values are resolved (mapping, ARN trailing id) and checked against
     * the catalog now; a whole reference ({@code $.Attributes.queue}) is resolved when the action runs.
     */
    public ResourceRef resource(String field, String raw, ReferenceKind kind) {
        if (raw == null) {
            return null;
        }
        if (AttributePath.looksLikePath(raw)) {
            AttributePath path = path(field, raw);
            return path == null ? null : ResourceRef.dynamic(kind, path);
        }
        Optional<String> name = resolver.localName(kind, raw);
        if (name.isEmpty()) {
            problem("parameter " + field + ": unresolved placeholder '" + raw + "' (add it to the reference mapping)");
            return null;
        }
        if (!kind.existsIn(catalog, flowNames, name.get())) {
            String via = name.get().equals(raw) ? "" : " (from '" + raw + "')";
            problem("parameter " + field + ": unknown " + kind.label() + " '" + name.get() + "'" + via);
            return null;
        }
        return ResourceRef.fixed(kind, name.get());
    }

    /** Reports every condition whose operator or operand {@code allowed} rejects, with {@code rule} as the reason. */
    public void checkConditions(java.util.function.Predicate<Condition> allowed, String rule) {
        for (Transitions.Branch branch : transitions().conditions()) {
            if (!allowed.test(branch.condition())) {
                problem("condition " + branch.condition().operator() + " " + branch.condition().operand()
                        + " is not allowed: " + rule);
            }
        }
    }

    /** Reports a missing NextAction, for actions that continue when they succeed. */
    public void requireNextAction() {
        if (transitions().next().isEmpty()) {
            problem("missing transition NextAction");
        }
    }
}

package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.AttributePath;
import io.switchboard.routing.flow.CompileContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code RoutingCriteria} parameter of UpdateRoutingCriteria (and of UpdateContactRoutingBehavior in older
 * exports): an object of {@code Steps}, each an {@code Expression} (AttributeCondition, AndExpression,
 * OrExpression, NotAttributeCondition) with an optional {@code Expiry.DurationInSeconds}; static, checked when
 * the flow loads, or a JSONPath reference to an attribute holding that object as JSON text, checked when the
 * block runs (a bad value takes the error branch). The reference allows the steps to be set dynamically.
 */
final class RoutingCriteriaParameter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The proficiency levels the reference allows (1.0 to 5.0). */
    private static final double LOWEST = 1.0;
    private static final double HIGHEST = 5.0;
    private static final int NAME_LIMIT = 64;

    private final RoutingCriteria fixed;
    private final AttributePath reference;

    private RoutingCriteriaParameter(RoutingCriteria fixed, AttributePath reference) {
        this.fixed = fixed;
        this.reference = reference;
    }

    /** Reads {@code field} of the block's parameters; null with a problem reported when it cannot be used. */
    static RoutingCriteriaParameter read(CompileContext ctx, String field) {
        JsonNode node = ctx.parameters().get(field);
        if (node == null || node.isNull()) {
            ctx.problem("missing required parameter " + field);
            return null;
        }
        if (node.isTextual() && AttributePath.looksLikePath(node.asText())) {
            AttributePath path = ctx.path(field, node.asText());
            return path == null ? null : new RoutingCriteriaParameter(null, path);
        }
        List<String> problems = new ArrayList<>();
        RoutingCriteria criteria = parse(node, problems::add);
        problems.forEach(p -> ctx.problem(field + ": " + p));
        return problems.isEmpty() ? new RoutingCriteriaParameter(criteria, null) : null;
    }

    /** The criteria for this run; empty when a dynamic value is unusable (the error is already taken). */
    Optional<RoutingCriteria> resolve(ActionRuntime rt, String errorBranch) {
        if (fixed != null) {
            return Optional.of(fixed);
        }
        String text = reference.read(rt.contact()).orElse("");
        List<String> problems = new ArrayList<>();
        RoutingCriteria criteria = null;
        try {
            criteria = parse(JSON.readTree(text), problems::add);
        } catch (java.io.IOException e) {
            problems.add("the value is not JSON");
        }
        if (!problems.isEmpty()) {
            rt.error(errorBranch, "routing criteria from " + reference + ": " + problems.get(0));
            return Optional.empty();
        }
        return Optional.of(criteria);
    }

    /** The criteria {@code node} describes; each problem goes to {@code problem} (the result is then unusable). */
    static RoutingCriteria parse(JsonNode node, Consumer<String> problem) {
        if (node == null || !node.isObject()) {
            problem.accept("must be an object with Steps");
            return null;
        }
        JsonNode steps = node.get("Steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            problem.accept("Steps must be a non-empty list");
            return null;
        }
        List<RoutingCriteria.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String at = "Steps[" + i + "]";
            JsonNode step = steps.get(i);
            RoutingCriteria.Requirement requirement = expression(step.get("Expression"), at + ".Expression", problem);
            Duration expiry = null;
            JsonNode expiryNode = step.get("Expiry");
            if (expiryNode != null && !expiryNode.isNull()) {
                JsonNode seconds = expiryNode.get("DurationInSeconds");
                if (seconds == null || !seconds.canConvertToInt() || seconds.asInt() <= 0) {
                    problem.accept(at + ".Expiry.DurationInSeconds must be a whole number of seconds above 0");
                } else {
                    expiry = Duration.ofSeconds(seconds.asInt());
                }
            }
            if (requirement != null) {
                out.add(new RoutingCriteria.Step(requirement, expiry));
            }
        }
        return out.size() == steps.size() ? new RoutingCriteria(out) : null;
    }

    private static RoutingCriteria.Requirement expression(JsonNode node, String at, Consumer<String> problem) {
        if (node == null || !node.isObject() || node.size() != 1) {
            problem.accept(at + " must hold exactly one of AttributeCondition, AndExpression, OrExpression,"
                    + " NotAttributeCondition");
            return null;
        }
        String kind = node.fieldNames().next();
        JsonNode value = node.get(kind);
        switch (kind) {
            case "AttributeCondition":
                return condition(value, at + ".AttributeCondition", false, problem);
            case "NotAttributeCondition":
                return condition(value, at + ".NotAttributeCondition", true, problem);
            case "AndExpression":
            case "OrExpression":
                if (!value.isArray() || value.isEmpty()) {
                    problem.accept(at + "." + kind + " must be a non-empty list of expressions");
                    return null;
                }
                List<RoutingCriteria.Requirement> parts = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    RoutingCriteria.Requirement part = expression(value.get(i), at + "." + kind + "[" + i + "]", problem);
                    if (part == null) {
                        return null;
                    }
                    parts.add(part);
                }
                return kind.equals("AndExpression") ? new RoutingCriteria.AllOf(parts) : new RoutingCriteria.AnyOf(parts);
            default:
                problem.accept(at + ": unknown expression " + kind);
                return null;
        }
    }

    /**
     * An attribute condition: a proficiency at or above a level (NumberGreaterOrEqualTo), within a Range, or a
     * match of named agents (MatchCriteria.AgentsCriteria.AgentIds, the reference's way to prefer agents).
     */
    private static RoutingCriteria.Requirement condition(JsonNode node, String at, boolean negated,
                                                         Consumer<String> problem) {
        if (node == null || !node.isObject()) {
            problem.accept(at + " must be an object");
            return null;
        }
        JsonNode agents = node.path("MatchCriteria").path("AgentsCriteria").get("AgentIds");
        if (agents != null) {
            Set<String> ids = new HashSet<>();
            agents.forEach(id -> ids.add(id.asText()));
            if (!agents.isArray() || ids.isEmpty()) {
                problem.accept(at + ".MatchCriteria.AgentsCriteria.AgentIds must be a non-empty list");
                return null;
            }
            if (negated) {
                problem.accept(at + ": a NotAttributeCondition cannot name agents");
                return null;
            }
            return new RoutingCriteria.OneOfAgents(ids);
        }
        String name = node.path("Name").asText("");
        String value = node.path("Value").asText("");
        if (name.isEmpty() || name.length() > NAME_LIMIT || value.isEmpty() || value.length() > NAME_LIMIT) {
            problem.accept(at + ": Name and Value are texts of 1-" + NAME_LIMIT + " characters");
            return null;
        }
        String operator = node.path("ComparisonOperator").asText("NumberGreaterOrEqualTo");
        if (operator.equals("Range") || node.has("Range")) {
            double min = node.path("Range").path("MinProficiencyLevel").asDouble(Double.NaN);
            double max = node.path("Range").path("MaxProficiencyLevel").asDouble(Double.NaN);
            if (!level(min) || !level(max) || min > max) {
                problem.accept(at + ".Range needs MinProficiencyLevel <= MaxProficiencyLevel, each 1.0-5.0");
                return null;
            }
            return new RoutingCriteria.Proficiency(name, value, min, max, negated);
        }
        if (!operator.equals("NumberGreaterOrEqualTo")) {
            problem.accept(at + ".ComparisonOperator " + operator + " is not NumberGreaterOrEqualTo or Range");
            return null;
        }
        double min = node.path("ProficiencyLevel").asDouble(Double.NaN);
        if (!level(min)) {
            problem.accept(at + ".ProficiencyLevel must be one of 1.0, 2.0, 3.0, 4.0, 5.0");
            return null;
        }
        return new RoutingCriteria.Proficiency(name, value, min, HIGHEST, negated);
    }

    private static boolean level(double level) {
        return level >= LOWEST && level <= HIGHEST && level == Math.rint(level);
    }
}

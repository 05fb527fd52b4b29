package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.routing.port.ResourceCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates one flow written in the Amazon Connect flow language (Version 2019-10-30) and
 * compiles its actions. Every problem is collected, so an admin sees them all at once; a flow with any
 * problem is not published. {@code Metadata} is ignored.
 */
public final class FlowLoader {

    public static final String VERSION = "2019-10-30";
    private static final String DISALLOWED_ID_CHARS = "%:()\\/=$,;[]{}";

    private final ActionCompiler compiler;
    private final ReferenceResolver resolver;
    private final ResourceCatalog catalog;

    public FlowLoader(ActionCompiler compiler, ReferenceResolver resolver, ResourceCatalog catalog) {
        this.compiler = compiler;
        this.resolver = resolver;
        this.catalog = catalog;
    }

    /**
     * Loads the flow {@code name} from {@code root} (read from {@code file}); references to other flows
     * are checked against {@code flowNames}.
     */
    public FlowLoadResult load(String name, String file, JsonNode root, Set<String> flowNames) {
        List<FlowProblem> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add(FlowProblem.ofFlow(file, "a flow must be a JSON object"));
            return new FlowLoadResult(name, null, problems);
        }
        JsonNode version = root.get("Version");
        if (version == null || !VERSION.equals(version.asText())) {
            problems.add(FlowProblem.ofFlow(file, "Version must be \"" + VERSION + "\", not "
                    + (version == null ? "missing" : version.toString())));
        }
        JsonNode actionsNode = root.get("Actions");
        List<ActionDefinition> definitions = new ArrayList<>();
        if (actionsNode == null || !actionsNode.isArray() || actionsNode.isEmpty()) {
            problems.add(FlowProblem.ofFlow(file, "Actions must be a non-empty array"));
        } else {
            Map<String, Boolean> seen = new HashMap<>();
            for (int i = 0; i < actionsNode.size(); i++) {
                ActionDefinition def = parseAction(file, i, actionsNode.get(i), problems);
                if (def != null) {
                    if (seen.put(def.identifier(), Boolean.TRUE) != null) {
                        problems.add(new FlowProblem(file, def.identifier(), def.type(), "duplicate Identifier"));
                    } else {
                        definitions.add(def);
                    }
                }
            }
        }
        Set<String> ids = new java.util.HashSet<>();
        definitions.forEach(d -> ids.add(d.identifier()));
        JsonNode start = root.get("StartAction");
        String startAction = start == null || !start.isTextual() ? null : start.asText();
        if (startAction == null) {
            problems.add(FlowProblem.ofFlow(file, "missing StartAction"));
        } else if (!ids.contains(startAction) && !definitions.isEmpty()) {
            problems.add(FlowProblem.ofFlow(file, "StartAction '" + startAction + "' is not an action of this flow"));
        }
        for (ActionDefinition def : definitions) {
            checkTargets(file, def, ids, problems);
        }
        Map<String, CompiledAction> compiled = new LinkedHashMap<>();
        List<SpeechUse> speech = new ArrayList<>();
        for (ActionDefinition def : definitions) {
            CompileContext ctx = new CompileContext(file, def, resolver, catalog, flowNames, problems, speech);
            CompiledAction action = compiler.compile(ctx);
            if (action != null && !ctx.failed()) {
                compiled.put(def.identifier(), action);
            } else if (!ctx.failed()) {
                ctx.problem("could not be compiled");
            }
        }
        if (!problems.isEmpty()) {
            return new FlowLoadResult(name, null, problems);
        }
        return new FlowLoadResult(name, new Flow(name, file, startAction, compiled, speech, Flow.versionOf(root)), List.of());
    }

    private static ActionDefinition parseAction(String file, int index, JsonNode node, List<FlowProblem> problems) {
        String where = "Actions[" + index + "]";
        if (!node.isObject()) {
            problems.add(FlowProblem.ofFlow(file, where + " must be an object"));
            return null;
        }
        JsonNode idNode = node.get("Identifier");
        JsonNode typeNode = node.get("Type");
        if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
            problems.add(FlowProblem.ofFlow(file, where + ": missing Identifier"));
            return null;
        }
        String id = idNode.asText();
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null) {
            problems.add(new FlowProblem(file, id, "?", "missing Type"));
            return null;
        }
        int before = problems.size();
        if (id.length() > 50) {
            problems.add(new FlowProblem(file, id, type, "Identifier is longer than 50 characters"));
        }
        for (char c : id.toCharArray()) {
            if (DISALLOWED_ID_CHARS.indexOf(c) >= 0) {
                problems.add(new FlowProblem(file, id, type, "Identifier contains the disallowed character '" + c + "'"));
                break;
            }
        }
        JsonNode params = node.get("Parameters");
        if (params == null || params.isNull()) {
            params = JsonNodeFactory.instance.objectNode();
        } else if (!params.isObject()) {
            problems.add(new FlowProblem(file, id, type, "Parameters must be an object"));
        }
        Transitions transitions = parseTransitions(file, id, type, node.get("Transitions"), problems);
        if (problems.size() > before) {
            return null;
        }
        return new ActionDefinition(id, type, params, transitions);
    }

    private static Transitions parseTransitions(String file, String id, String type, JsonNode node,
                                                List<FlowProblem> problems) {
        if (node == null || node.isNull()) {
            return new Transitions(null, List.of(), Map.of());
        }
        if (!node.isObject()) {
            problems.add(new FlowProblem(file, id, type, "Transitions must be an object"));
            return new Transitions(null, List.of(), Map.of());
        }
        JsonNode next = node.get("NextAction");
        String nextAction = next != null && next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        List<Transitions.Branch> branches = new ArrayList<>();
        JsonNode conditions = node.get("Conditions");
        if (conditions != null && conditions.isArray()) {
            for (JsonNode c : conditions) {
                Transitions.Branch branch = parseBranch(c);
                if (branch == null) {
                    problems.add(new FlowProblem(file, id, type, "bad condition " + c
                            + " (needs NextAction and Condition {Operator, Operands: [one string]})"));
                } else {
                    branches.add(branch);
                }
            }
        } else if (conditions != null && !conditions.isNull()) {
            problems.add(new FlowProblem(file, id, type, "Conditions must be an array"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode errorsNode = node.get("Errors");
        if (errorsNode != null && errorsNode.isArray()) {
            for (JsonNode e : errorsNode) {
                JsonNode errorType = e.get("ErrorType");
                JsonNode target = e.get("NextAction");
                if (errorType == null || !errorType.isTextual() || target == null || !target.isTextual()) {
                    problems.add(new FlowProblem(file, id, type, "bad error branch " + e + " (needs ErrorType and NextAction)"));
                } else if (errors.put(errorType.asText(), target.asText()) != null) {
                    problems.add(new FlowProblem(file, id, type, "error " + errorType.asText() + " has two branches"));
                }
            }
        } else if (errorsNode != null && !errorsNode.isNull()) {
            problems.add(new FlowProblem(file, id, type, "Errors must be an array"));
        }
        return new Transitions(nextAction, branches, errors);
    }

    private static Transitions.Branch parseBranch(JsonNode c) {
        JsonNode target = c.get("NextAction");
        JsonNode condition = c.get("Condition");
        if (target == null || !target.isTextual() || condition == null || !condition.isObject()) {
            return null;
        }
        JsonNode operator = condition.get("Operator");
        JsonNode operands = condition.get("Operands");
        if (operator == null || !Condition.OPERATORS.contains(operator.asText()) || operands == null
                || !operands.isArray() || operands.size() != 1 || !operands.get(0).isValueNode()) {
            return null;
        }
        return new Transitions.Branch(new Condition(operator.asText(), operands.get(0).asText()), target.asText());
    }

    private static void checkTargets(String file, ActionDefinition def, Set<String> ids, List<FlowProblem> problems) {
        Transitions t = def.transitions();
        t.next().filter(n -> !ids.contains(n)).ifPresent(n -> problems.add(new FlowProblem(file, def.identifier(),
                def.type(), "NextAction '" + n + "' is not an action of this flow")));
        for (Transitions.Branch b : t.conditions()) {
            if (!ids.contains(b.nextAction())) {
                problems.add(new FlowProblem(file, def.identifier(), def.type(), "condition " + b.condition().operator()
                        + " " + b.condition().operand() + " goes to '" + b.nextAction() + "', which is not an action of this flow"));
            }
        }
        t.errors().forEach((type, target) -> {
            if (!ids.contains(target)) {
                problems.add(new FlowProblem(file, def.identifier(), def.type(), "error " + type + " goes to '"
                        + target + "', which is not an action of this flow"));
            }
        });
    }
}

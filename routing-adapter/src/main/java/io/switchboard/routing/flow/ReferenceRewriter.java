package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.routing.port.ResourceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites the resource references of a flow exported from Amazon Connect (ARNs, ids, placeholders) into
 * the local names of an instance, and lists every reference it cannot map. The parameters visited are
 * the ones the actions resolve when they load ({@code PromptId}, also inside {@code Messages};
 * {@code QueueId}, {@code AgentId}, {@code ContactFlowId}, {@code EventHooks.*},
 * {@code HoursOfOperationId}, {@code LambdaFunctionARN}, {@code FlowModuleId}); anything missed here is still caught by the
 * flow loader that checks the result. References read from the contact ({@code $.Attributes.x}) are left
 * alone: they resolve when the action runs.
 */
public final class ReferenceRewriter {

    /** Parameters that name one resource each, as the actions read them, in the order they are reported. */
    private static final List<Map.Entry<String, ReferenceKind>> SITES = List.of(
            Map.entry("PromptId", ReferenceKind.PROMPT),
            Map.entry("QueueId", ReferenceKind.QUEUE),
            Map.entry("AgentId", ReferenceKind.AGENT),
            Map.entry("ContactFlowId", ReferenceKind.FLOW),
            Map.entry("FlowModuleId", ReferenceKind.MODULE),
            Map.entry("HoursOfOperationId", ReferenceKind.HOURS),
            Map.entry("LambdaFunctionARN", ReferenceKind.FUNCTION));

    /** One reference that could not be turned into a resource of the instance. */
    public record Unmapped(String actionId, String actionType, String parameter, ReferenceKind kind, String raw,
                           String reason) {
        @Override
        public String toString() {
            return "action '" + actionId + "' (" + actionType + "): Parameters." + parameter + ": " + kind.label()
                    + " '" + raw + "' " + reason;
        }
    }

    /** The rewritten document, how many references were rewritten, and the ones left unmapped. */
    public record Result(ObjectNode document, int rewritten, List<Unmapped> unmapped) {
        public Result {
            unmapped = List.copyOf(unmapped);
        }

        public boolean complete() {
            return unmapped.isEmpty();
        }
    }

    private final ReferenceResolver resolver;
    private final ResourceCatalog catalog;
    private final Set<String> flowNames;

    /** Maps through {@code resolver} onto {@code catalog}; flow references must name one of {@code flowNames}. */
    public ReferenceRewriter(ReferenceResolver resolver, ResourceCatalog catalog, Set<String> flowNames) {
        this.resolver = resolver;
        this.catalog = catalog;
        this.flowNames = Set.copyOf(flowNames);
    }

    /** A rewritten copy of {@code exported}; the argument is not changed. */
    public Result rewrite(ObjectNode exported) {
        ObjectNode document = exported.deepCopy();
        List<Unmapped> unmapped = new ArrayList<>();
        int rewritten = 0;
        for (JsonNode action : document.path("Actions")) {
            JsonNode parameters = action.path("Parameters");
            if (!parameters.isObject()) {
                continue;
            }
            Site site = new Site(action.path("Identifier").asText("?"), action.path("Type").asText("?"), unmapped);
            rewritten += site.fields((ObjectNode) parameters, "");
            JsonNode messages = parameters.path("Messages");
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).isObject()) {
                    rewritten += site.field((ObjectNode) messages.get(i), "PromptId", ReferenceKind.PROMPT,
                            "Messages[" + i + "].");
                }
            }
            if (parameters.path("EventHooks").isObject()) {
                ObjectNode hooks = (ObjectNode) parameters.get("EventHooks");
                List<String> names = new ArrayList<>();
                hooks.fieldNames().forEachRemaining(names::add);
                for (String hook : names) {
                    rewritten += site.field(hooks, hook, ReferenceKind.FLOW, "EventHooks.");
                }
            }
        }
        return new Result(document, rewritten, unmapped);
    }

    /** The action being rewritten, for messages. */
    private final class Site {
        private final String actionId;
        private final String actionType;
        private final List<Unmapped> unmapped;

        Site(String actionId, String actionType, List<Unmapped> unmapped) {
            this.actionId = actionId;
            this.actionType = actionType;
            this.unmapped = unmapped;
        }

        int fields(ObjectNode holder, String prefix) {
            int rewritten = 0;
            for (Map.Entry<String, ReferenceKind> site : SITES) {
                rewritten += field(holder, site.getKey(), site.getValue(), prefix);
            }
            return rewritten;
        }

        /** Rewrites {@code holder.field} in place; 1 when it changed. */
        int field(ObjectNode holder, String field, ReferenceKind kind, String prefix) {
            JsonNode value = holder.get(field);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                return 0;
            }
            String raw = value.asText();
            if (AttributePath.looksLikePath(raw)) {
                return 0;
            }
            Optional<String> name = resolver.localName(kind, raw);
            if (name.isEmpty()) {
                unmapped.add(new Unmapped(actionId, actionType, prefix + field, kind, raw,
                        "is an unresolved placeholder"));
                return 0;
            }
            if (!kind.existsIn(catalog, flowNames, name.get())) {
                String why = name.get().equals(raw) ? "is not in the instance"
                        : "is not mapped (no " + kind.label() + " '" + name.get() + "' in the instance)";
                unmapped.add(new Unmapped(actionId, actionType, prefix + field, kind, raw, why));
                return 0;
            }
            if (name.get().equals(raw)) {
                return 0;
            }
            holder.set(field, TextNode.valueOf(name.get()));
            return 1;
        }
    }
}

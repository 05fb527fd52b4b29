package io.switchboard.config.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.model.ContactFlow;
import io.switchboard.config.model.FlowMapping;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that the instance resources a flow names statically exist. A value the instance's flow mapping
 * covers (as written, or an ARN by its trailing id) must map to a resource of the kind its parameter names:
 * a prompt ({@code PromptId}, also inside {@code Messages}), queue ({@code QueueId}), flow
 * ({@code ContactFlowId}, {@code EventHooks} values), hours of operation ({@code HoursOfOperationId}),
 * agent ({@code AgentId}) or external function ({@code LambdaFunctionARN}). Other values that are plain
 * names must name an existing prompt, queue or flow; unmapped ARNs are resolved by their trailing id when
 * the routing adapter loads the flow, and JSONPath values ({@code $.Attributes.x}) when it runs. Whether
 * the action itself is supported is not checked here.
 */
public final class FlowReferenceChecker {

    /** One kind of resource: the section (or directory) its names come from and how messages call it. */
    private record Kind(String section, String label, String fileHint, boolean plainNamesChecked) {
    }

    private static final Kind PROMPT = new Kind("prompts", "prompt", "prompts/%s.wav", true);
    private static final Kind QUEUE = new Kind("queues", "queue", null, true);
    private static final Kind FLOW = new Kind("flows", "flow", "flows/%s.json", true);
    private static final Kind HOURS = new Kind("hoursOfOperation", "hours of operation", null, false);
    private static final Kind AGENT = new Kind("users", "agent", null, false);
    private static final Kind FUNCTION = new Kind("externalFunctions", "external function", null, false);

    private final Map<String, Set<String>> names;
    private final FlowMapping mapping;
    private final Problems problems;

    /**
     * Checks against {@code names}, the names of each section of {@code instance.yaml} (by section path, as
     * {@link NameIndex#allNames} gives them) plus {@code prompts} and {@code flows} for the files.
     */
    public FlowReferenceChecker(Map<String, Set<String>> names, FlowMapping mapping, Problems problems) {
        this.names = names;
        this.mapping = mapping;
        this.problems = problems;
    }

    public void check(ContactFlow flow) {
        JsonNode actions = flow.document().path("Actions");
        for (int i = 0; i < actions.size(); i++) {
            String path = "Actions[" + i + "].Parameters";
            JsonNode parameters = actions.get(i).path("Parameters");
            ref(flow, parameters.path("PromptId"), path + ".PromptId", PROMPT);
            JsonNode messages = parameters.path("Messages");
            for (int j = 0; j < messages.size(); j++) {
                ref(flow, messages.get(j).path("PromptId"), path + ".Messages[" + j + "].PromptId", PROMPT);
            }
            ref(flow, parameters.path("QueueId"), path + ".QueueId", QUEUE);
            ref(flow, parameters.path("ContactFlowId"), path + ".ContactFlowId", FLOW);
            for (Map.Entry<String, JsonNode> hook : parameters.path("EventHooks").properties()) {
                ref(flow, hook.getValue(), path + ".EventHooks." + hook.getKey(), FLOW);
            }
            ref(flow, parameters.path("HoursOfOperationId"), path + ".HoursOfOperationId", HOURS);
            ref(flow, parameters.path("AgentId"), path + ".AgentId", AGENT);
            ref(flow, parameters.path("LambdaFunctionARN"), path + ".LambdaFunctionARN", FUNCTION);
        }
    }

    private void ref(ContactFlow flow, JsonNode value, String path, Kind kind) {
        if (!value.isTextual() || value.asText().startsWith("$.")) {
            return;
        }
        String raw = value.asText();
        Set<String> known = names.getOrDefault(kind.section(), Set.of());
        Optional<FlowMapping.Match> mapped = mapping.match(raw);
        if (mapped.isPresent()) {
            FlowMapping.Match m = mapped.get();
            if (!known.contains(m.name())) {
                problems.add(flow.file(), flow.lineOf(path), path, "unknown " + kind.label() + " \"" + m.name()
                        + "\" (" + FlowMapping.FILE + ":" + m.line() + " maps \"" + m.key() + "\" to it)");
            }
            return;
        }
        if (raw.startsWith("arn:") || !kind.plainNamesChecked() || known.contains(raw)) {
            return;
        }
        String hint = kind.fileHint() == null ? "" : " (no " + String.format(kind.fileHint(), raw) + ")";
        problems.add(flow.file(), flow.lineOf(path), path, "unknown " + kind.label() + " \"" + raw + "\"" + hint);
    }
}

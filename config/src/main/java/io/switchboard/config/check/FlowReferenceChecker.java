package io.switchboard.config.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.model.ContactFlow;
import java.util.Map;
import java.util.Set;

/**
 * Checks that the instance resources a flow names statically exist: prompts ({@code PromptId},
 * also inside {@code Messages}), queues ({@code QueueId}) and flows ({@code EventHooks} values,
 * {@code ContactFlowId}). Values that are ARNs or JSONPath expressions ({@code $.Attributes.x}) are
 * resolved at run time and left alone. Whether the action itself is supported is not checked here.
 */
public final class FlowReferenceChecker {

    private final Set<String> prompts;
    private final Set<String> queues;
    private final Set<String> flows;
    private final Problems problems;

    public FlowReferenceChecker(Set<String> prompts, Set<String> queues, Set<String> flows, Problems problems) {
        this.prompts = prompts;
        this.queues = queues;
        this.flows = flows;
        this.problems = problems;
    }

    public void check(ContactFlow flow) {
        JsonNode actions = flow.document().path("Actions");
        for (int i = 0; i < actions.size(); i++) {
            String path = "Actions[" + i + "].Parameters";
            JsonNode parameters = actions.get(i).path("Parameters");
            ref(flow, parameters.path("PromptId"), path + ".PromptId", prompts, "prompt", "prompts/%s.wav");
            JsonNode messages = parameters.path("Messages");
            for (int j = 0; j < messages.size(); j++) {
                ref(flow, messages.get(j).path("PromptId"), path + ".Messages[" + j + "].PromptId", prompts,
                        "prompt", "prompts/%s.wav");
            }
            ref(flow, parameters.path("QueueId"), path + ".QueueId", queues, "queue", null);
            ref(flow, parameters.path("ContactFlowId"), path + ".ContactFlowId", flows, "flow", "flows/%s.json");
            for (Map.Entry<String, JsonNode> hook : parameters.path("EventHooks").properties()) {
                ref(flow, hook.getValue(), path + ".EventHooks." + hook.getKey(), flows, "flow", "flows/%s.json");
            }
        }
    }

    private void ref(ContactFlow flow, JsonNode value, String path, Set<String> names, String what, String fileHint) {
        if (!value.isTextual()) {
            return;
        }
        String name = value.asText();
        if (name.startsWith("arn:") || name.startsWith("$.") || names.contains(name)) {
            return;
        }
        String hint = fileHint == null ? "" : " (no " + String.format(fileHint, name) + ")";
        problems.add(flow.file(), flow.lineOf(path), path, "unknown " + what + " \"" + name + "\"" + hint);
    }
}

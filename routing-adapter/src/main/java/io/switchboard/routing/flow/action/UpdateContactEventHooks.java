package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Attaches flows to contact events: the customer queue, hold and whisper flows, the agent whisper and
 * hold flows and the disconnect flow, CustomerRemaining, which runs when the agent hangs up on a caller
 * who is still on the line ("Set customer queue flow", "Set hold flow", "Set whisper flow", "Set
 * disconnect flow"). The agent-workspace and task hooks do not apply to voice.
 */
public final class UpdateContactEventHooks extends ActionType {

    private static final Set<String> NOT_SUPPORTED = Set.of("DefaultAgentUI", "DisconnectAgentUI",
            "PauseContact", "ResumeContact");

    public UpdateContactEventHooks() {
        super("UpdateContactEventHooks", "SetEventHook", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        JsonNode hooks = ctx.parameters().get("EventHooks");
        if (hooks == null || !hooks.isObject() || hooks.isEmpty()) {
            ctx.problem("missing required parameter EventHooks (an object naming an event and a flow)");
            return null;
        }
        Map<EventHook, ResourceRef> targets = new EnumMap<>(EventHook.class);
        Iterator<Map.Entry<String, JsonNode>> fields = hooks.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<EventHook> hook = EventHook.byKey(field.getKey()).filter(h -> h != EventHook.OUTBOUND_WHISPER);
            if (hook.isEmpty()) {
                ctx.problem("event hook " + field.getKey() + (NOT_SUPPORTED.contains(field.getKey())
                        ? " is not supported" : " is not an event hook"));
                continue;
            }
            ResourceRef flow = ctx.resource("EventHooks." + field.getKey(), field.getValue().asText(), ReferenceKind.FLOW);
            if (flow != null) {
                targets.put(hook.get(), flow);
            }
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            Map<EventHook, String> resolved = new EnumMap<>(EventHook.class);
            for (Map.Entry<EventHook, ResourceRef> e : targets.entrySet()) {
                Optional<String> name = e.getValue().resolve(rt).filter(rt::flowExists);
                if (name.isEmpty()) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "no published flow " + e.getValue());
                    return;
                }
                resolved.put(e.getKey(), name.get());
            }
            resolved.forEach(rt.contact()::setEventHook);
            rt.next();
        };
    }
}

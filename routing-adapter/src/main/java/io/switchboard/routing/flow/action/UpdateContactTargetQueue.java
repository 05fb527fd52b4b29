package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.Optional;

/** Sets the contact's working queue, by queue or by an agent's personal queue ("Set working queue"). */
public final class UpdateContactTargetQueue extends ActionType {

    public UpdateContactTargetQueue() {
        super("UpdateContactTargetQueue", "SetQueue", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        ResourceRef target = queueOrAgent(ctx, true);
        if (target == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<QueueRef> queue = QueueTargets.resolve(rt, target);
            if (queue.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no queue for " + target);
                return;
            }
            rt.contact().setQueue(queue.get(), rt.now());
            rt.results(queue.get().name());
            rt.next();
        };
    }

    /** Reads QueueId or AgentId (not both); null when neither is set, reported only if {@code required}. */
    static ResourceRef queueOrAgent(CompileContext ctx, boolean required) {
        Optional<String> queue = ctx.text("QueueId");
        Optional<String> agent = ctx.text("AgentId");
        if (queue.isPresent() && agent.isPresent()) {
            ctx.problem("QueueId and AgentId cannot both be set");
            return null;
        }
        if (queue.isPresent()) {
            return ctx.resource("QueueId", queue.get(), ReferenceKind.QUEUE);
        }
        if (agent.isPresent()) {
            return ctx.resource("AgentId", agent.get(), ReferenceKind.AGENT);
        }
        if (required) {
            ctx.problem("missing required parameter: QueueId or AgentId");
        }
        return null;
    }
}

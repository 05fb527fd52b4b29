package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.EnqueueOutcome;
import java.util.Optional;

/**
 * Hands the contact to the agent set as its working queue ("Transfer to agent"): the agent's personal queue,
 * set with UpdateContactTargetQueue's AgentId, which the agent serves before the queues of their routing
 * profile. As with a queue, this flow ends and the customer queue flow plays until the agent takes the
 * contact. A working queue that is not an agent's takes the error branch.
 */
public final class TransferContactToAgent extends ActionType {

    /** The name prefix of an agent's personal queue (see the instance's agent queues). */
    static final String AGENT_QUEUE_PREFIX = "agent/";
    /** An agent queue's ARN, as Connect forms it: {@code <instance>/queue/agent/<agent id>}. */
    private static final String AGENT_QUEUE_ARN = "/queue/agent/";

    public TransferContactToAgent() {
        super("TransferContactToAgent", "TransferToAgent", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        if (ctx.parameters().size() > 0) {
            ctx.problem("TransferContactToAgent takes no parameters; set the agent with UpdateContactTargetQueue");
            return null;
        }
        return rt -> {
            Optional<QueueRef> queue = rt.contact().queue().filter(TransferContactToAgent::isAgentQueue);
            if (queue.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "the working queue is not an agent's (set AgentId first)");
                return;
            }
            // The priority and age adjustment the flows set go with the contact.
            rt.await(rt.router().enqueue(rt.contact().snapshot(), queue.get(), rt.contact().data().routingPriority(),
                    rt.contact().data().queueTimeAdjustment()), (outcome, failure) -> {
                if (failure != null || outcome != EnqueueOutcome.QUEUED) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "the agent's queue refused the contact: "
                            + (failure == null ? String.valueOf(outcome) : failure.getMessage()));
                } else {
                    rt.contact().markEnqueued(rt.now());
                    rt.results(queue.get().name());
                    rt.queued();
                }
            });
        };
    }

    private static boolean isAgentQueue(QueueRef queue) {
        return queue.name().startsWith(AGENT_QUEUE_PREFIX)
                || queue.arn() != null && queue.arn().contains(AGENT_QUEUE_ARN);
    }
}

package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.EnqueueOutcome;
import java.util.Optional;

/**
 * Hands the contact to the router in its working queue ("Transfer to queue"). On success this flow
 * ends and the contact's customer queue flow starts; a full queue takes the QueueAtCapacity branch.
 */
public final class TransferContactToQueue extends ActionType {

    static final String QUEUE_AT_CAPACITY = "QueueAtCapacity";

    public TransferContactToQueue() {
        super("TransferContactToQueue", "TransferToQueue", QUEUE_AT_CAPACITY, Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        if (ctx.parameters().size() > 0) {
            ctx.problem("TransferContactToQueue takes no parameters; set the queue with UpdateContactTargetQueue");
            return null;
        }
        return rt -> {
            Optional<QueueRef> queue = rt.contact().queue();
            if (queue.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no working queue set");
                return;
            }
            rt.await(rt.router().enqueue(rt.contact().snapshot(), queue.get(), rt.contact().data().routingPriority(),
                    rt.contact().data().queueTimeAdjustment()), (outcome, failure) -> {
                if (failure != null || outcome == null) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "router refused the contact: "
                            + (failure == null ? "no answer" : failure.getMessage()));
                } else if (outcome == EnqueueOutcome.AT_CAPACITY) {
                    rt.error(QUEUE_AT_CAPACITY, "queue " + queue.get().name() + " is at capacity");
                } else {
                    rt.contact().markEnqueued(rt.now());
                    rt.results(queue.get().name());
                    rt.queued();
                }
            });
        };
    }
}

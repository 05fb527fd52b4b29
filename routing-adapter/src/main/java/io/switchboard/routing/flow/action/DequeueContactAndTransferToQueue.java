package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.EnqueueOutcome;
import java.util.Optional;

/**
 * Moves a waiting contact to another queue (or an agent's queue) from its customer queue flow ("Transfer to
 * queue" in a queue flow): it leaves its queue, joins the new one as a new arrival there, and the customer
 * queue flow starts again. A full target queue takes the QueueAtCapacity branch and the contact stays where
 * it waited; the queue it already waits in is no move (NextAction, its place kept).
 */
public final class DequeueContactAndTransferToQueue extends ActionType {

    public DequeueContactAndTransferToQueue() {
        super("DequeueContactAndTransferToQueue", "DequeueContactAndTransferToQueue",
                TransferContactToQueue.QUEUE_AT_CAPACITY, Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ResourceRef target = UpdateContactTargetQueue.queueOrAgent(ctx, true);
        if (target == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<QueueRef> queue = QueueTargets.resolve(rt, target);
            if (queue.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no queue for " + target);
                return;
            }
            if (rt.contact().queue().map(q -> q.name().equals(queue.get().name())).orElse(false)) {
                // Already waiting there: the contact keeps its place.
                rt.results(queue.get().name());
                rt.next();
                return;
            }
            // The priority and age adjustment the flows set go with the contact.
            rt.await(rt.router().enqueue(rt.contact().snapshot(), queue.get(), rt.contact().data().routingPriority(),
                    rt.contact().data().queueTimeAdjustment()), (outcome, failure) -> {
                if (failure != null || outcome == null) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "router refused the contact: "
                            + (failure == null ? "no answer" : failure.getMessage()));
                } else if (outcome == EnqueueOutcome.AT_CAPACITY) {
                    rt.error(TransferContactToQueue.QUEUE_AT_CAPACITY, "queue " + queue.get().name() + " is at capacity");
                } else {
                    rt.contact().setQueue(queue.get(), rt.now());
                    rt.contact().markEnqueued(rt.now());
                    rt.results(queue.get().name());
                    rt.queued();
                }
            });
        };
    }
}

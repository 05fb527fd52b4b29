package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.Optional;

/**
 * Turns a QueueId/AgentId parameter (or the working queue when there is none) into a queue, and fetches
 * that queue's live figures for the metric actions.
 */
final class QueueTargets {

    private QueueTargets() {
    }

    static Optional<QueueRef> resolve(ActionRuntime rt, ResourceRef ref) {
        if (ref == null) {
            return rt.contact().queue();
        }
        Optional<String> name = ref.resolve(rt);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return ref.kind() == ReferenceKind.AGENT ? rt.catalog().agentQueue(name.get()) : rt.catalog().queue(name.get());
    }

    /**
     * Asks the router for the queue's figures and hands them to {@code use}; a missing queue or an unanswered
     * request takes the NoMatchingError branch instead. {@code purpose} names the action's need in the error.
     */
    static void withMetrics(ActionRuntime rt, ResourceRef ref, String purpose, java.util.function.BiConsumer<QueueRef, QueueMetrics> use) {
        Optional<QueueRef> target = resolve(rt, ref);
        if (target.isEmpty()) {
            rt.error(Transitions.NO_MATCHING_ERROR, "no queue to " + purpose + " (none named, no working queue)");
            return;
        }
        rt.await(rt.router().metrics(target.get()), (metrics, failure) -> {
            if (failure != null || metrics == null) {
                rt.error(Transitions.NO_MATCHING_ERROR, "queue metrics unavailable: "
                        + (failure == null ? "no answer" : failure.getMessage()));
                return;
            }
            use.accept(target.get(), metrics);
        });
    }
}

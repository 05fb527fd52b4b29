package io.switchboard.routing.port;

import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import java.util.concurrent.CompletionStage;

/**
 * The router (queues, agents), as the flow engine uses it. The router is its own actor, so both calls
 * answer asynchronously; the engine resumes the contact's flow on its own thread.
 */
public interface RouterPort {

    /** Places the contact in {@code queue} to wait for an agent. */
    CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue);

    /**
     * Places the contact in {@code queue} with a routing priority (lower is routed first; 5 by default) and
     * an adjustment of its time in queue (positive: as if it had waited longer), as UpdateContactRoutingBehavior
     * sets them. Routers that do not rank contacts ignore both.
     */
    default CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue, long priority,
                                                    java.time.Duration ageAdjustment) {
        return enqueue(contact, queue);
    }

    /** Re-ranks a contact already waiting; false when it waits nowhere (the new ranking applies when it is queued). */
    default CompletionStage<Boolean> rerank(io.switchboard.routing.contact.ContactId contact, long priority,
                                            java.time.Duration ageAdjustment) {
        return java.util.concurrent.CompletableFuture.completedFuture(false);
    }

    /**
     * Sets the routing criteria of a contact already waiting, in effect from now; false when it waits nowhere
     * (the criteria apply when it is queued, from its snapshot).
     */
    default CompletionStage<Boolean> updateCriteria(io.switchboard.routing.contact.ContactId contact,
                                                    io.switchboard.routing.contact.RoutingCriteria criteria) {
        return java.util.concurrent.CompletableFuture.completedFuture(false);
    }

    /** Live figures of {@code queue}, for CheckMetricData and GetMetricData. */
    CompletionStage<QueueMetrics> metrics(QueueRef queue);

    /**
     * Turns {@code contact} into a queued callback as {@code request} says: a new contact (InitiationMethod
     * CALLBACK, PreviousContactId the given one) that waits in the queue with the place {@code contact} had
     * there (its enqueue time, else now), while {@code contact} itself leaves the queue. Completes with the new
     * contact's id; routers without callbacks refuse.
     */
    default CompletionStage<io.switchboard.routing.contact.ContactId> createCallback(ContactSnapshot contact,
                                                                                    CallbackRequest request) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("queued callbacks are not available here"));
    }
}

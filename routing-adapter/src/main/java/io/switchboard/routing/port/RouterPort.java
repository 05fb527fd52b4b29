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
     * Sets the contact's routing priority and/or routing age adjustment (UpdateContactRoutingBehavior): for
     * its place in the queue it waits in now and in any it joins later. A router without priorities ignores it.
     */
    default void updateRouting(ContactSnapshot contact, java.util.OptionalLong priority,
                               java.util.Optional<java.time.Duration> ageAdjustment) {
    }

    /** Live figures of {@code queue}, for CheckMetricData and GetMetricData. */
    CompletionStage<QueueMetrics> metrics(QueueRef queue);
}

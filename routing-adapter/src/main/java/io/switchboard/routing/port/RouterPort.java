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

    /** Live figures of {@code queue}, for CheckMetricData and GetMetricData. */
    CompletionStage<QueueMetrics> metrics(QueueRef queue);
}

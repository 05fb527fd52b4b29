package io.switchboard.routing.testing;

import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.port.RouterPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A router that answers from fixed figures and records what was queued where. */
public final class FakeRouter implements RouterPort {

    public final List<String> enqueued = new ArrayList<>();
    public final Map<String, QueueMetrics> metrics = new HashMap<>();
    public EnqueueOutcome outcome = EnqueueOutcome.QUEUED;
    /** The callbacks asked for, as "queue number delay, attempts, retry delay". */
    public final List<String> callbacks = new ArrayList<>();

    @Override
    public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue) {
        enqueued.add(queue.name());
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public CompletionStage<QueueMetrics> metrics(QueueRef queue) {
        QueueMetrics m = metrics.get(queue.name());
        return m == null ? CompletableFuture.failedFuture(new IllegalStateException("no metrics for " + queue.name()))
                : CompletableFuture.completedFuture(m);
    }

    @Override
    public CompletionStage<io.switchboard.routing.contact.ContactId> createCallback(ContactSnapshot contact,
            io.switchboard.routing.port.CallbackRequest request) {
        callbacks.add(request.queue().name() + " " + request.number() + " " + request.initialDelay().toSeconds()
                + " s, " + request.maximumAttempts() + " attempts, " + request.retryDelay().toSeconds() + " s apart");
        return CompletableFuture.completedFuture(io.switchboard.routing.contact.ContactId.random());
    }

    public static QueueMetrics figures(long inQueue, long oldestSeconds, long available, long staffed) {
        return new QueueMetrics(inQueue, oldestSeconds, staffed, available, staffed, 0, staffed - available, 0, 0);
    }
}

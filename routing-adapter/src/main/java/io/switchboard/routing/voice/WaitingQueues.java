package io.switchboard.routing.voice;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.port.RouterPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The router's stand-in until agents are routed (the next issue): a contact transferred to a queue waits
 * there, observable through {@link #queueOf} and the log line {@code contact <id> queued in <queue>},
 * while its customer queue flow plays. Capacity ({@code maxContacts}) is enforced, and the queue figures
 * flows read are real for the contacts side; no agent is ever staffed, so the agent figures are 0.
 */
public final class WaitingQueues implements RouterPort {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingQueues.class);

    /** Where a contact waits and since when. */
    public record Waiting(String queue, Instant since) {
    }

    private final Function<String, Optional<Integer>> capacity;
    private final Clock clock;
    /** Guarded by this; insertion order is arrival order, so the first entry per queue is its oldest. */
    private final Map<ContactId, Waiting> waiting = new LinkedHashMap<>();

    /** {@code capacity} gives a queue's maxContacts (0 for no limit). */
    public WaitingQueues(Function<String, Optional<Integer>> capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue) {
        int max = capacity.apply(queue.name()).orElse(0);
        synchronized (this) {
            long inQueue = waiting.values().stream().filter(w -> w.queue().equals(queue.name())).count();
            if (max > 0 && inQueue >= max && !waiting.containsKey(contact.contactId())) {
                log(contact.contactId(), "contact {} refused by queue {}: at capacity ({})", queue.name(), max);
                return CompletableFuture.completedFuture(EnqueueOutcome.AT_CAPACITY);
            }
            waiting.remove(contact.contactId());
            waiting.put(contact.contactId(), new Waiting(queue.name(), clock.instant()));
        }
        log(contact.contactId(), "contact {} queued in {}", queue.name(), null);
        return CompletableFuture.completedFuture(EnqueueOutcome.QUEUED);
    }

    @Override
    public synchronized CompletionStage<QueueMetrics> metrics(QueueRef queue) {
        long count = 0;
        Instant oldest = null;
        for (Waiting w : waiting.values()) {
            if (w.queue().equals(queue.name())) {
                count++;
                if (oldest == null) {
                    oldest = w.since();
                }
            }
        }
        long age = oldest == null ? 0 : Duration.between(oldest, clock.instant()).toSeconds();
        return CompletableFuture.completedFuture(new QueueMetrics(count, age, 0, 0, 0, 0, 0, 0, 0));
    }

    /** The contact left (hung up, disconnected): it no longer waits anywhere. */
    public void remove(ContactId contact) {
        Waiting left;
        synchronized (this) {
            left = waiting.remove(contact);
        }
        if (left != null) {
            log(contact, "contact {} left queue {}", left.queue(), null);
        }
    }

    /** Test hook and API: the queue the contact waits in now. */
    public synchronized Optional<Waiting> queueOf(ContactId contact) {
        return Optional.ofNullable(waiting.get(contact));
    }

    /** Contacts waiting in {@code queue} now. */
    public synchronized long size(String queue) {
        return waiting.values().stream().filter(w -> w.queue().equals(queue)).count();
    }

    /** Contacts waiting in any queue now. */
    public synchronized int size() {
        return waiting.size();
    }

    private static void log(ContactId contact, String format, String queue, Integer max) {
        try (var mdc = MDC.putCloseable("contactId", contact.toString())) {
            if (max == null) {
                LOG.info(format, contact, queue);
            } else {
                LOG.info(format, contact, queue, max);
            }
        }
    }
}

package io.switchboard.routing.router;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.port.RouterPort;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The contacts waiting in queues, in arrival order: the router's book until agents are routed (the next
 * step), observable through {@link #queueOf} and the bus's queue events while the customer queue flow plays.
 * Capacity ({@code maxContacts}) is enforced; the queue figures flows read count the waiting contacts and,
 * through {@link #countAgentsWith}, the agents whose routing profile serves the queue. Each waiting contact
 * keeps the priority and age adjustment it was queued with or re-ranked to ({@link #rerank}). Owned by the
 * contact center's loop.
 */
public final class QueueBook implements RouterPort {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBook.class);

    /**
     * Where a contact waits, since when, how it ranks (priority, time-in-queue adjustment), and the routing
     * criteria it is routed by, in effect since {@code criteriaSince}.
     */
    public record Waiting(String queue, Instant since, long priority, Duration ageAdjustment,
                          RoutingCriteria criteria, Instant criteriaSince) {
        public Waiting(String queue, Instant since) {
            this(queue, since, Router.DEFAULT_PRIORITY, Duration.ZERO);
        }

        public Waiting(String queue, Instant since, long priority, Duration ageAdjustment) {
            this(queue, since, priority, ageAdjustment, RoutingCriteria.NONE, since);
        }
    }

    /** The agent side of a queue's figures: online, available, staffed, ACW, on contact, missed, NPT. */
    public record AgentCounts(long online, long available, long staffed, long afterContactWork, long busy,
                              long missed, long nonProductive) {
        public static final AgentCounts NONE = new AgentCounts(0, 0, 0, 0, 0, 0, 0);
    }

    private final Function<String, Optional<Integer>> capacity;
    private final Supplier<Instant> clock;
    private final EventBus events;
    /** Insertion order is arrival order, so the first entry per queue is its oldest. */
    private final Map<ContactId, Waiting> waiting = new LinkedHashMap<>();
    private Function<String, AgentCounts> agents = queue -> AgentCounts.NONE;
    /** Creates queued callbacks; set by the routing wiring (none: refused). */
    private java.util.function.BiFunction<ContactSnapshot, io.switchboard.routing.port.CallbackRequest, ContactId> callbacks;
    /** Told when a waiting contact's ranking changed, so the router re-ranks it; set by the routing wiring. */
    private java.util.function.Consumer<ContactId> reranked = contact -> { };

    /** {@code capacity} gives a queue's maxContacts (0 for no limit); {@code clock} is the loop's. */
    public QueueBook(Function<String, Optional<Integer>> capacity, Supplier<Instant> clock, EventBus events) {
        this.capacity = capacity;
        this.clock = clock;
        this.events = events;
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                remove(ended.contact().contactId());
            }
        });
    }

    @Override
    public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue) {
        return enqueue(contact, queue, Router.DEFAULT_PRIORITY, Duration.ZERO);
    }

    @Override
    public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue, long priority,
                                                   Duration ageAdjustment) {
        int max = capacity.apply(queue.name()).orElse(0);
        if (max > 0 && size(queue.name()) >= max && !waiting.containsKey(contact.contactId())) {
            log(contact.contactId(), "contact {} refused by queue {}: at capacity ({})", queue.name(), max);
            return CompletableFuture.completedFuture(EnqueueOutcome.AT_CAPACITY);
        }
        Waiting before = waiting.remove(contact.contactId());
        if (before != null) {
            events.publish(new ContactEvent.ContactLeftQueue(contact.contactId(), before.queue()));
        }
        RoutingCriteria criteria = contact.routingCriteria() == null ? RoutingCriteria.NONE : contact.routingCriteria();
        Instant now = clock.get();
        waiting.put(contact.contactId(), new Waiting(queue.name(), now, priority, ageAdjustment, criteria, now));
        events.publish(new ContactEvent.ContactQueued(contact.contactId(), queue.name(), now));
        log(contact.contactId(), "contact {} queued in {}", queue.name(), null);
        return CompletableFuture.completedFuture(EnqueueOutcome.QUEUED);
    }

    /** Who creates queued callbacks (the calls, once agents are routed). */
    public void createCallbacksWith(
            java.util.function.BiFunction<ContactSnapshot, io.switchboard.routing.port.CallbackRequest, ContactId> creator) {
        this.callbacks = java.util.Objects.requireNonNull(creator, "creator");
    }

    @Override
    public CompletionStage<ContactId> createCallback(ContactSnapshot contact,
                                                     io.switchboard.routing.port.CallbackRequest request) {
        if (callbacks == null) {
            return RouterPort.super.createCallback(contact, request);
        }
        try {
            return CompletableFuture.completedFuture(callbacks.apply(contact, request));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Where the agent figures of a queue come from (the roster, once agents are routed). */
    public void countAgentsWith(Function<String, AgentCounts> counts) {
        this.agents = counts;
    }

    @Override
    public CompletionStage<QueueMetrics> metrics(QueueRef queue) {
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
        long age = oldest == null ? 0 : Duration.between(oldest, clock.get()).toSeconds();
        AgentCounts a = agents.apply(queue.name());
        return CompletableFuture.completedFuture(new QueueMetrics(count, age, a.online(), a.available(), a.staffed(),
                a.afterContactWork(), a.busy(), a.missed(), a.nonProductive()));
    }

    @Override
    public CompletionStage<Boolean> rerank(ContactId contact, long priority, Duration ageAdjustment) {
        Waiting now = waiting.get(contact);
        if (now == null) {
            return CompletableFuture.completedFuture(false);
        }
        // Same place in arrival order (the map entry is replaced in place), new ranking.
        waiting.put(contact, new Waiting(now.queue(), now.since(), priority, ageAdjustment, now.criteria(),
                now.criteriaSince()));
        reranked.accept(contact);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Boolean> updateCriteria(ContactId contact, RoutingCriteria criteria) {
        Waiting now = waiting.get(contact);
        if (now == null) {
            return CompletableFuture.completedFuture(false);
        }
        // Same place in arrival order; the steps' clock starts now (Connect: criteria take effect when set).
        waiting.put(contact, new Waiting(now.queue(), now.since(), now.priority(), now.ageAdjustment(), criteria,
                clock.get()));
        reranked.accept(contact);
        return CompletableFuture.completedFuture(true);
    }

    /** Whom to tell when a waiting contact is re-ranked (the router). */
    public void onReranked(java.util.function.Consumer<ContactId> listener) {
        this.reranked = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Puts a contact that was taken out of its queue back as it waited ({@code waiting}: the queue, its original
     * time and priority), so it keeps its place, without the capacity check: the place is its own.
     */
    public void restore(ContactId contact, Waiting waiting) {
        remove(contact);
        this.waiting.put(contact, waiting);
        events.publish(new ContactEvent.ContactQueued(contact, waiting.queue(), waiting.since()));
        log(contact, "contact {} back in queue {} with its place", waiting.queue(), null);
    }

    /** The contact left (hung up, disconnected): it no longer waits anywhere. */
    public void remove(ContactId contact) {
        Waiting left = waiting.remove(contact);
        if (left != null) {
            events.publish(new ContactEvent.ContactLeftQueue(contact, left.queue()));
            log(contact, "contact {} left queue {}", left.queue(), null);
        }
    }

    /** The queue the contact waits in now. */
    public Optional<Waiting> queueOf(ContactId contact) {
        return Optional.ofNullable(waiting.get(contact));
    }

    /** Contacts waiting in {@code queue} now. */
    public long size(String queue) {
        return waiting.values().stream().filter(w -> w.queue().equals(queue)).count();
    }

    /** Contacts waiting in any queue now. */
    public int size() {
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

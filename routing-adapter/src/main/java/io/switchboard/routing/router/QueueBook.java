package io.switchboard.routing.router;

import io.switchboard.routing.contact.ContactId;
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
 * through {@link #countAgentsWith}, the agents whose routing profile serves the queue. The routing priority
 * and age a flow sets are kept per live contact ({@link #routingOf}). Owned by the contact center's loop.
 */
public final class QueueBook implements RouterPort {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBook.class);

    /** Where a contact waits and since when. */
    public record Waiting(String queue, Instant since) {
    }

    /** How a contact is routed: its priority (lower first) and how much older than it is it counts. */
    public record Routing(long priority, Duration ageAdjustment) {
        public static final Routing DEFAULT = new Routing(Router.DEFAULT_PRIORITY, Duration.ZERO);
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
    /** Routing set by flows, for live contacts whether they wait now or not. */
    private final Map<ContactId, Routing> routing = new java.util.HashMap<>();
    private Function<String, AgentCounts> agents = queue -> AgentCounts.NONE;

    /** {@code capacity} gives a queue's maxContacts (0 for no limit); {@code clock} is the loop's. */
    public QueueBook(Function<String, Optional<Integer>> capacity, Supplier<Instant> clock, EventBus events) {
        this.capacity = capacity;
        this.clock = clock;
        this.events = events;
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                remove(ended.contact().contactId());
                routing.remove(ended.contact().contactId());
            }
        });
    }

    @Override
    public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue) {
        int max = capacity.apply(queue.name()).orElse(0);
        if (max > 0 && size(queue.name()) >= max && !waiting.containsKey(contact.contactId())) {
            log(contact.contactId(), "contact {} refused by queue {}: at capacity ({})", queue.name(), max);
            return CompletableFuture.completedFuture(EnqueueOutcome.AT_CAPACITY);
        }
        Waiting before = waiting.remove(contact.contactId());
        if (before != null) {
            events.publish(new ContactEvent.ContactLeftQueue(contact.contactId(), before.queue()));
        }
        waiting.put(contact.contactId(), new Waiting(queue.name(), clock.get()));
        events.publish(new ContactEvent.ContactQueued(contact.contactId(), queue.name()));
        log(contact.contactId(), "contact {} queued in {}", queue.name(), null);
        return CompletableFuture.completedFuture(EnqueueOutcome.QUEUED);
    }

    /** Where the agent figures of a queue come from (the roster, once agents are routed). */
    public void countAgentsWith(Function<String, AgentCounts> counts) {
        this.agents = counts;
    }

    @Override
    public void updateRouting(ContactSnapshot contact, java.util.OptionalLong priority,
                              Optional<Duration> ageAdjustment) {
        Routing before = routingOf(contact.contactId());
        Routing after = new Routing(priority.orElse(before.priority()), ageAdjustment.orElse(before.ageAdjustment()));
        routing.put(contact.contactId(), after);
        log(contact.contactId(), "contact {} routed with " + after, null, null);
        events.publish(new ContactEvent.ContactRoutingChanged(contact.contactId(), after.priority(),
                after.ageAdjustment()));
    }

    /** The contact's routing as flows set it, else the default (priority 5, no age adjustment). */
    public Routing routingOf(ContactId contact) {
        return routing.getOrDefault(contact, Routing.DEFAULT);
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

package io.switchboard.routing.metrics;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.engine.FlowEngine;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The contact center's live figures for /metrics and health. Kept up to date on the contact center's loop
 * from the bus's events, and read from any thread (a scrape): each figure is a single atomic value, written
 * by the loop only, so a reader sees a recent value without stopping the loop.
 */
public final class ContactCenterFigures {

    private final AtomicLong callsAccepted = new AtomicLong();
    private final AtomicLong callsRejected = new AtomicLong();
    private final AtomicLong contactsEnded = new AtomicLong();
    private final AtomicInteger callsActive = new AtomicInteger();
    private final Map<String, LongAdder> waiting = new ConcurrentHashMap<>();
    /** Per queue, the waiting contacts in arrival order (owned by the loop) and the oldest one's arrival. */
    private final Map<String, java.util.LinkedHashMap<ContactId, Instant>> arrivals = new java.util.HashMap<>();
    private final Map<String, AtomicLong> oldestMillis = new ConcurrentHashMap<>();
    private final FlowEngine engine;
    private final Supplier<Instant> clock;

    public ContactCenterFigures(EventBus events, FlowEngine engine) {
        this(events, engine, Instant::now);
    }

    /** {@code clock} is the loop's: when a contact joins a queue. */
    public ContactCenterFigures(EventBus events, FlowEngine engine, Supplier<Instant> clock) {
        this.engine = engine;
        this.clock = clock;
        events.subscribe(this::count);
    }

    private void count(ContactEvent event) {
        if (event instanceof ContactEvent.CallStarted) {
            callsActive.incrementAndGet();
        } else if (event instanceof ContactEvent.CallReleased) {
            callsActive.decrementAndGet();
        } else if (event instanceof ContactEvent.CallRefused) {
            callsRejected.incrementAndGet();
        } else if (event instanceof ContactEvent.ContactStarted) {
            callsAccepted.incrementAndGet();
        } else if (event instanceof ContactEvent.ContactEnded) {
            contactsEnded.incrementAndGet();
        } else if (event instanceof ContactEvent.ContactQueued queued) {
            waiting.computeIfAbsent(queued.queue(), q -> new LongAdder()).increment();
            arrivals.computeIfAbsent(queued.queue(), q -> new java.util.LinkedHashMap<>())
                    .putIfAbsent(queued.contact(), clock.get());
            publishOldest(queued.queue());
        } else if (event instanceof ContactEvent.ContactLeftQueue left) {
            waiting.computeIfAbsent(left.queue(), q -> new LongAdder()).decrement();
            var queue = arrivals.get(left.queue());
            if (queue != null) {
                queue.remove(left.contact());
            }
            publishOldest(left.queue());
        }
    }

    private void publishOldest(String queue) {
        var contacts = arrivals.get(queue);
        long oldest = contacts == null || contacts.isEmpty() ? -1
                : contacts.values().iterator().next().toEpochMilli();
        oldestMillis.computeIfAbsent(queue, q -> new AtomicLong(-1)).set(oldest);
    }

    /** When the contact waiting longest in {@code queue} joined it; empty when none waits. */
    public java.util.Optional<Instant> oldestContactSince(String queue) {
        AtomicLong millis = oldestMillis.get(queue);
        return millis == null || millis.get() < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(Instant.ofEpochMilli(millis.get()));
    }

    /** Inbound calls answered and given to a flow. */
    public long callsAccepted() {
        return callsAccepted.get();
    }

    /** Inbound calls refused (unknown number, draining, unusable offer). */
    public long callsRejected() {
        return callsRejected.get();
    }

    public long contactsEnded() {
        return contactsEnded.get();
    }

    /** Inbound calls up (leg and media). */
    public int callsActive() {
        return callsActive.get();
    }

    /** Contacts waiting in {@code queue} now. */
    public long queueContacts(String queue) {
        LongAdder n = waiting.get(queue);
        return n == null ? 0 : n.sum();
    }

    /** Contacts the flow engine holds. */
    public int contactsActive() {
        return engine.activeContacts();
    }

    public long flowActionsExecuted() {
        return engine.actionsExecuted();
    }

    public int flowsPublished() {
        return engine.library().names().size();
    }

    public int flowProblems() {
        return engine.library().problems().size();
    }
}

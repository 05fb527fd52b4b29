package io.switchboard.routing.router;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A contact waiting in a queue as the router orders it. {@code enqueuedAt} is when it first entered the queue
 * (kept when an offer is missed and it is put back, so it keeps its place). The router orders a queue by
 * {@code priority} (lower first, UpdateContactRoutingBehavior's QueuePriority; 5 when no flow set one) and then
 * by routing time: the enqueue time moved earlier by {@code ageAdjustment} (QueueTimeAdjustmentSeconds), so
 * an adjusted contact looks as old as if it had waited that much longer. {@code sequence} breaks exact ties
 * in arrival order. {@code criteria} (routing criteria, in effect since {@code criteriaSince}) narrow which
 * agents may take it while their steps last.
 */
record WaitingContact(ContactId contact, String queue, Instant enqueuedAt, long priority, Duration ageAdjustment,
                      RoutingCriteria criteria, Instant criteriaSince, long sequence) {

    /** Connect's default contact priority in a queue. */
    static final long DEFAULT_PRIORITY = 5;

    /** Queue order: priority, then the oldest routing time, then arrival. */
    static final Comparator<WaitingContact> QUEUE_ORDER = Comparator.comparingLong(WaitingContact::priority)
            .thenComparing(WaitingContact::routingTime).thenComparingLong(WaitingContact::sequence);

    /** Routing time alone, then arrival: the order in which contacts cross a queue's delay. */
    static final Comparator<WaitingContact> TIME_ORDER = Comparator.comparing(WaitingContact::routingTime)
            .thenComparingLong(WaitingContact::sequence);

    WaitingContact {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(ageAdjustment, "ageAdjustment");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(criteriaSince, "criteriaSince");
    }

    /** Whether the contact's routing criteria let {@code agent} take it at {@code now}. */
    boolean accepts(RoutingCriteria.AgentSkills agent, Instant now) {
        return criteria.isEmpty() || criteria.accepts(agent, criteriaSince, now);
    }

    /** The instant the router treats as the contact's arrival. */
    Instant routingTime() {
        return enqueuedAt.minus(ageAdjustment);
    }

    /** How long the contact has waited for routing purposes, at {@code now}. */
    Duration routingAge(Instant now) {
        return Duration.between(routingTime(), now);
    }
}

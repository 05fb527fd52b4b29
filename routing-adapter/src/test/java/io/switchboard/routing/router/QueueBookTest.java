package io.switchboard.routing.router;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import io.switchboard.routing.contact.ContactId;

import io.switchboard.routing.contact.RoutingCriteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.event.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueBookTest {

    private static final QueueRef SUPPORT = new QueueRef("Support", "arn:q/support", null);
    private final Instant t0 = Instant.parse("2024-07-10T15:00:00Z");
    private final Map<String, Integer> capacity = Map.of("Support", 2);

    private static ContactSnapshot contact() {
        return Contact.inbound(Endpoint.phone("+15557654321"), Endpoint.phone("+15550100"), Instant.EPOCH).snapshot();
    }

    private QueueBook queues(Instant now) {
        return new QueueBook(q -> Optional.ofNullable(capacity.get(q)), () -> now, new EventBus());
    }

    @Test
    void queuedContactIsObservableUntilItLeaves() throws Exception {
        QueueBook queues = queues(t0);
        ContactSnapshot c = contact();
        assertEquals(EnqueueOutcome.QUEUED, queues.enqueue(c, SUPPORT).toCompletableFuture().get());
        assertEquals("Support", queues.queueOf(c.contactId()).orElseThrow().queue());
        assertEquals(1, queues.size("Support"));
        queues.remove(c.contactId());
        assertTrue(queues.queueOf(c.contactId()).isEmpty());
        assertEquals(0, queues.size());
    }

    @Test
    void routingCriteriaComeFromTheSnapshotAndCanBeSetInPlaceFromNow() throws Exception {
        Instant[] now = {t0};
        QueueBook queues = new QueueBook(q -> Optional.empty(), () -> now[0], new EventBus());
        List<ContactId> reranked = new java.util.ArrayList<>();
        queues.onReranked(reranked::add);
        Contact contact = Contact.inbound(Endpoint.phone("+15557654321"), Endpoint.phone("+15550100"), Instant.EPOCH);
        RoutingCriteria spanish = new RoutingCriteria(List.of(new RoutingCriteria.Step(
                new RoutingCriteria.Proficiency("Language", "Spanish", 4, 5, false), Duration.ofSeconds(30))));
        contact.data().setRoutingCriteria(spanish);
        queues.enqueue(contact.snapshot(), SUPPORT).toCompletableFuture().get();
        QueueBook.Waiting queued = queues.queueOf(contact.id()).orElseThrow();
        assertEquals(spanish, queued.criteria());
        assertEquals(t0, queued.criteriaSince());

        now[0] = t0.plusSeconds(40);
        assertTrue(queues.updateCriteria(contact.id(), RoutingCriteria.NONE).toCompletableFuture().get());
        QueueBook.Waiting updated = queues.queueOf(contact.id()).orElseThrow();
        assertEquals(RoutingCriteria.NONE, updated.criteria());
        assertEquals(t0.plusSeconds(40), updated.criteriaSince(), "the new criteria run from when they were set");
        assertEquals(t0, updated.since(), "the contact keeps its place");
        assertEquals(List.of(contact.id()), reranked, "the router is told");
        assertFalse(queues.updateCriteria(contact().contactId(), spanish).toCompletableFuture().get(),
                "a contact that waits nowhere");
    }

    @Test
    void fullQueueAnswersAtCapacity() throws Exception {
        QueueBook queues = queues(t0);
        queues.enqueue(contact(), SUPPORT);
        queues.enqueue(contact(), SUPPORT);
        ContactSnapshot third = contact();
        assertEquals(EnqueueOutcome.AT_CAPACITY, queues.enqueue(third, SUPPORT).toCompletableFuture().get());
        assertTrue(queues.queueOf(third.contactId()).isEmpty());
    }

    @Test
    void metricsCountContactsAndTheOldestAge() throws Exception {
        QueueBook early = queues(t0);
        early.enqueue(contact(), SUPPORT);
        QueueMetrics m = early.metrics(SUPPORT).toCompletableFuture().get();
        assertEquals(1, m.contactsInQueue());
        assertEquals(0, m.agentsAvailable(), "no agents until the router exists");
    }

    @Test
    void oldestAgeFollowsTheClock() throws Exception {
        Instant[] now = {t0};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        QueueBook queues = new QueueBook(q -> Optional.of(0), moving::instant, new EventBus());
        queues.enqueue(contact(), SUPPORT);
        now[0] = t0.plus(Duration.ofSeconds(42));
        assertEquals(42, queues.metrics(SUPPORT).toCompletableFuture().get().oldestContactAgeSeconds());
    }

    @Test
    void aFlowsRankingIsKeptAndAReRankKeepsThePlaceInLine() throws Exception {
        Instant[] now = {t0};
        QueueBook queues = new QueueBook(q -> Optional.empty(), () -> now[0], new EventBus());
        java.util.List<io.switchboard.routing.contact.ContactId> reranked = new java.util.ArrayList<>();
        queues.onReranked(reranked::add);
        ContactSnapshot first = contact();
        ContactSnapshot second = contact();
        queues.enqueue(first, SUPPORT, 1, Duration.ofSeconds(30)).toCompletableFuture().get();
        now[0] = t0.plusSeconds(5);
        queues.enqueue(second, SUPPORT);
        assertEquals(new QueueBook.Waiting("Support", t0, 1, Duration.ofSeconds(30)), queues.queueOf(first.contactId()).orElseThrow());
        assertEquals(Router.DEFAULT_PRIORITY, queues.queueOf(second.contactId()).orElseThrow().priority());

        now[0] = t0.plusSeconds(60);
        assertTrue(queues.rerank(second.contactId(), 2, Duration.ZERO).toCompletableFuture().get());
        assertEquals(new QueueBook.Waiting("Support", t0.plusSeconds(5), 2, Duration.ZERO),
                queues.queueOf(second.contactId()).orElseThrow(), "same arrival time, new priority");
        assertEquals(java.util.List.of(second.contactId()), reranked, "the router is told");
        assertEquals(Boolean.FALSE, queues.rerank(contact().contactId(), 1, Duration.ZERO).toCompletableFuture().get(),
                "a contact that waits nowhere is not re-ranked");
    }
}

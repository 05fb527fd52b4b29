package io.switchboard.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.RoutingProfile.QueueConfig;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.core.VirtualLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The router against hand-computed cases: the priority and delay examples of Amazon Connect's administrator
 * guide, longest-available agents, contact priority and routing age, and a missed offer that keeps its place.
 * Time is the loop's virtual clock; "nothing yet" checks advance to just before the deadline they guard.
 */
class RouterTest {

    private static final Instant T0 = Instant.parse("2024-07-10T15:00:00Z");
    private final VirtualLoop loop = new VirtualLoop(T0);
    private final List<Router.Match> offers = new ArrayList<>();
    private final Router router = new Router(loop, offers::add);

    private static RoutingProfile profile(QueueConfig... queues) {
        return new RoutingProfile("p", null, List.of(queues), queues[0].queue(), null);
    }

    private static QueueConfig queue(String name, int priority, int delaySeconds) {
        return new QueueConfig(name, priority, delaySeconds);
    }

    private static ContactId contact(int n) {
        return new ContactId(new UUID(0, n));
    }

    private void at(int seconds) {
        loop.advance(Duration.between(loop.now(), T0.plusSeconds(seconds)));
    }

    private void enqueue(int n, String queue) {
        router.enqueue(contact(n), queue, loop.now(), WaitingContact.DEFAULT_PRIORITY, Duration.ZERO);
    }

    private Router.Match offer(int n, String queue, String agent) {
        return new Router.Match(contact(n), queue, agent);
    }

    @Test
    void example1TheFirstPriorityQueueIsServedFirstWhateverTheAge() {
        enqueue(1, "Support");
        at(10);
        enqueue(2, "Sales");
        at(20);
        router.agentAvailable("alice", profile(queue("Sales", 1, 0), queue("Support", 2, 0)));
        assertEquals(List.of(offer(2, "Sales", "alice")), offers);
        at(30);
        router.agentAvailable("alice", profile(queue("Sales", 1, 0), queue("Support", 2, 0)));
        assertEquals(offer(1, "Support", "alice"), offers.get(1), "no Sales left: Support next");
    }

    @Test
    void example2ADelayedQueueWaitsItsDelayThenCompetesByAge() {
        RoutingProfile sales = profile(queue("Sales", 1, 0), queue("Support", 1, 30));
        enqueue(1, "Support");
        at(10);
        enqueue(2, "Sales");
        at(20);
        router.agentAvailable("alice", sales);
        assertEquals(List.of(offer(2, "Sales", "alice")), offers, "the Support contact is not past its 30 s");
        at(25);
        router.agentAvailable("alice", sales);
        loop.advance(Duration.ofMillis(4999));
        assertEquals(1, offers.size(), "nothing before the Support contact has waited 30 s");
        loop.advance(Duration.ofMillis(1));
        assertEquals(offer(1, "Support", "alice"), offers.get(1), "at 30 s it is offered, without another event");
    }

    @Test
    void example2PastItsDelayTheOlderContactWinsAcrossQueuesOfTheSamePriority() {
        RoutingProfile sales = profile(queue("Sales", 1, 0), queue("Support", 1, 30));
        enqueue(1, "Support");
        at(35);
        enqueue(2, "Sales");
        at(40);
        router.agentAvailable("alice", sales);
        assertEquals(List.of(offer(1, "Support", "alice")), offers);
    }

    @Test
    void theAgentAvailableLongestGetsTheContact() {
        RoutingProfile support = profile(queue("Support", 1, 0));
        router.agentAvailable("bob", support);
        at(5);
        router.agentAvailable("alice", support);
        at(10);
        enqueue(1, "Support");
        enqueue(2, "Support");
        assertEquals(List.of(offer(1, "Support", "bob"), offer(2, "Support", "alice")), offers);
    }

    @Test
    void becomingAvailableAgainSendsTheAgentToTheBackOfTheLine() {
        RoutingProfile support = profile(queue("Support", 1, 0));
        router.agentAvailable("bob", support);
        at(5);
        router.agentAvailable("alice", support);
        at(6);
        router.agentAvailable("bob", support); // bob chose Available again: he now waited least
        enqueue(1, "Support");
        assertEquals(List.of(offer(1, "Support", "alice")), offers);
    }

    @Test
    void anAgentNeverGetsAQueueOutsideTheirProfile() {
        router.agentAvailable("bob", profile(queue("Support", 1, 0)));
        enqueue(1, "Sales");
        at(600);
        assertEquals(List.of(), offers);
        assertEquals(1, router.waiting("Sales"));
    }

    @Test
    void contactPriorityBeatsAgeAndAnAgeAdjustmentMakesAContactOlder() {
        enqueue(1, "Support");
        at(10);
        router.enqueue(contact(2), "Support", loop.now(), 1, Duration.ZERO);   // a priority caller
        at(20);
        router.enqueue(contact(3), "Support", loop.now(), WaitingContact.DEFAULT_PRIORITY, Duration.ofSeconds(60));
        RoutingProfile support = profile(queue("Support", 1, 0));
        for (String agent : List.of("a1", "a2", "a3")) {
            router.agentAvailable(agent, support);
        }
        assertEquals(List.of(contact(2), contact(3), contact(1)), offers.stream().map(Router.Match::contact).toList(),
                "priority 1 first; then contact 3, whose 60 s adjustment dates it before contact 1");
    }

    @Test
    void aMissedOfferPutBackWithItsEnqueueTimeKeepsItsPlace() {
        RoutingProfile support = profile(queue("Support", 1, 0));
        enqueue(1, "Support");
        Instant first = loop.now();
        at(5);
        enqueue(2, "Support");
        router.agentAvailable("alice", support);
        assertEquals(List.of(offer(1, "Support", "alice")), offers);
        at(25); // alice let the offer time out: the contact goes back with its original time
        router.enqueue(contact(1), "Support", first, WaitingContact.DEFAULT_PRIORITY, Duration.ZERO);
        router.agentAvailable("bob", support);
        assertEquals(offer(1, "Support", "bob"), offers.get(1), "ahead of contact 2, which came later");
    }

    @Test
    void aWithdrawnContactIsNeverOffered() {
        RoutingProfile support = profile(queue("Support", 1, 30));
        enqueue(1, "Support");
        router.agentAvailable("alice", support);
        at(10);
        router.withdraw(contact(1));
        at(60);
        assertEquals(List.of(), offers);
        assertEquals(0, router.waiting("Support"));
    }

    @Test
    void twoContactsAndTwoAgentsArrivingAtOnceGetOneMatchEach() {
        RoutingProfile both = profile(queue("Sales", 1, 0), queue("Support", 1, 0));
        enqueue(1, "Sales");
        enqueue(2, "Support");
        router.agentAvailable("alice", both);
        router.agentAvailable("bob", both);
        assertEquals(List.of(offer(1, "Sales", "alice"), offer(2, "Support", "bob")), offers);
        assertEquals(0, router.availableAgents());
        assertEquals(2, router.decisions());
    }
}

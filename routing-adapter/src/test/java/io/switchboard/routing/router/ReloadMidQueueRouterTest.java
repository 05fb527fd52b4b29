package io.switchboard.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.RoutingProfile;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.contact.RoutingCriteria.Proficiency;
import io.switchboard.routing.contact.RoutingCriteria.Step;
import io.switchboard.routing.core.VirtualLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A reload while contacts wait, on the virtual clock: what an available agent's new routing profile or
 * proficiencies allow takes effect at once, without dropping a waiting contact or its place, the agent keeps
 * their longest-available standing, and contacts of a queue the reload removed wait, offered to no one, until
 * the queue comes back.
 */
class ReloadMidQueueRouterTest {

    private static final Instant T0 = Instant.parse("2024-07-10T15:00:00Z");

    private final VirtualLoop loop = new VirtualLoop(T0);
    private final List<Router.Match> offers = new ArrayList<>();
    private final Router router = new Router(loop, offers::add);

    private static ContactId contact(int n) {
        return new ContactId(new UUID(0, n));
    }

    private static RoutingProfile profile(RoutingProfile.QueueConfig... queues) {
        return new RoutingProfile("p", null, List.of(queues), queues[0].queue(), null);
    }

    private static RoutingProfile.QueueConfig queue(String name, int priority, int delaySeconds) {
        return new RoutingProfile.QueueConfig(name, priority, delaySeconds);
    }

    private static RoutingCriteria.AgentSkills skills(String name, Map<String, Integer> levels) {
        return new RoutingCriteria.AgentSkills() {
            @Override
            public Set<String> identities() {
                return Set.of(name);
            }

            @Override
            public OptionalInt level(String attribute, String value) {
                Integer level = levels.get(attribute + "=" + value);
                return level == null ? OptionalInt.empty() : OptionalInt.of(level);
            }
        };
    }

    private void enqueue(int n, String queue) {
        router.enqueue(contact(n), queue, loop.now(), Router.DEFAULT_PRIORITY, Duration.ZERO);
    }

    private Router.Match match(int n, String queue, String agent) {
        return new Router.Match(contact(n), queue, agent);
    }

    @Test
    void aDelayShortenedByAReloadOffersTheWaitingContactAtOnce() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 60)), skills("alice", Map.of()));
        enqueue(1, "Sales");
        loop.advance(Duration.ofSeconds(20));
        assertEquals(List.of(), offers, "Sales reaches alice's profile only after 60 s");

        router.agentReconfigured("alice", profile(queue("Sales", 1, 10)), skills("alice", Map.of()));
        assertEquals(List.of(match(1, "Sales", "alice")), offers, "20 s waited is past the new 10 s delay");
    }

    @Test
    void aDelayLengthenedByAReloadMovesTheWakeUp() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 10)), skills("alice", Map.of()));
        enqueue(1, "Sales");
        loop.advance(Duration.ofSeconds(5));
        router.agentReconfigured("alice", profile(queue("Sales", 1, 30)), skills("alice", Map.of()));

        loop.advance(Duration.ofSeconds(24)); // 29 s waited: past the old delay, short of the new
        assertEquals(List.of(), offers);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(match(1, "Sales", "alice")), offers);
    }

    @Test
    void swappedQueuePrioritiesDecideTheNextContactTheAgentTakes() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 0), queue("Support", 2, 0)),
                skills("alice", Map.of()));
        router.agentUnavailable("alice"); // on a call while both queues fill
        enqueue(1, "Sales");
        loop.advance(Duration.ofSeconds(1));
        enqueue(2, "Support");
        router.agentAvailable("alice", profile(queue("Sales", 1, 0), queue("Support", 2, 0)),
                skills("alice", Map.of()));
        assertEquals(List.of(match(1, "Sales", "alice")), offers);

        offers.clear();
        enqueue(3, "Sales");
        router.agentUnavailable("alice");
        // The reload lands while alice is busy: she comes back with Support first.
        router.agentAvailable("alice", profile(queue("Sales", 2, 0), queue("Support", 1, 0)),
                skills("alice", Map.of()));
        assertEquals(List.of(match(2, "Support", "alice")), offers, "Support now ranks first, though Sales' 3 waits");
        assertEquals(1, router.waiting("Sales"), "the Sales contact keeps waiting");
    }

    @Test
    void aQueueTakenOutOfAProfileLeavesItsContactsToTheAgentsWhoStillServeIt() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 30)), skills("alice", Map.of()));
        loop.advance(Duration.ofSeconds(1));
        router.agentAvailable("bob", profile(queue("Support", 1, 0), queue("Sales", 2, 40)), skills("bob", Map.of()));
        enqueue(1, "Sales");

        // Sales leaves bob's profile: only alice may take the contact, after her 30 s.
        router.agentReconfigured("bob", profile(queue("Support", 1, 0)), skills("bob", Map.of()));
        loop.advance(Duration.ofSeconds(30));
        assertEquals(List.of(match(1, "Sales", "alice")), offers);

        offers.clear();
        enqueue(2, "Sales");
        loop.advance(Duration.ofSeconds(120));
        assertEquals(List.of(), offers, "bob no longer serves Sales, whatever the wait");
        assertEquals(1, router.waiting("Sales"));
    }

    @Test
    void anAgentReconfiguredKeepsTheirLongestAvailablePlace() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 0)), skills("alice", Map.of()));
        loop.advance(Duration.ofSeconds(5));
        router.agentAvailable("bob", profile(queue("Sales", 1, 0)), skills("bob", Map.of()));
        loop.advance(Duration.ofSeconds(5));
        router.agentReconfigured("alice", profile(queue("Sales", 1, 0), queue("Support", 2, 0)),
                skills("alice", Map.of()));

        enqueue(1, "Sales");
        assertEquals(List.of(match(1, "Sales", "alice")), offers, "alice, Available 10 s, still before bob's 5 s");
    }

    @Test
    void aProficiencyGainedInAReloadLetsTheAgentTakeTheContactItsStepHeldBack() {
        router.agentAvailable("bob", profile(queue("Support", 1, 0)), skills("bob", Map.of()));
        RoutingCriteria spanish = new RoutingCriteria(List.of(
                new Step(new Proficiency("Language", "Spanish", 4, 5.0, false), Duration.ofSeconds(60))));
        router.enqueue(contact(1), "Support", loop.now(), Router.DEFAULT_PRIORITY, Duration.ZERO, spanish, loop.now());
        loop.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), offers, "bob speaks no Spanish yet");

        router.agentReconfigured("bob", profile(queue("Support", 1, 0)), skills("bob", Map.of("Language=Spanish", 4)));
        assertEquals(List.of(match(1, "Support", "bob")), offers);
    }

    @Test
    void aProficiencyLostInAReloadHoldsTheContactForItsStep() {
        router.agentAvailable("bob", profile(queue("Support", 1, 0)), skills("bob", Map.of("Language=Spanish", 5)));
        router.agentReconfigured("bob", profile(queue("Support", 1, 0)), skills("bob", Map.of()));
        RoutingCriteria spanish = new RoutingCriteria(List.of(
                new Step(new Proficiency("Language", "Spanish", 4, 5.0, false), Duration.ofSeconds(20))));
        router.enqueue(contact(1), "Support", loop.now(), Router.DEFAULT_PRIORITY, Duration.ZERO, spanish, loop.now());
        loop.advance(Duration.ofSeconds(19));
        assertEquals(List.of(), offers, "bob's Spanish went in the reload");
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(match(1, "Support", "bob")), offers, "the step expired: any agent of the queue");
    }

    @Test
    void contactsOfARemovedQueueWaitInOrderUntilTheQueueComesBack() {
        router.agentAvailable("alice", profile(queue("Sales", 1, 0), queue("Promo", 2, 0)), skills("alice", Map.of()));
        router.agentUnavailable("alice");
        enqueue(1, "Promo");
        loop.advance(Duration.ofSeconds(1));
        enqueue(2, "Promo");

        // The reload removes Promo: no profile may name it, so alice comes back serving Sales alone.
        router.agentAvailable("alice", profile(queue("Sales", 1, 0)), skills("alice", Map.of()));
        loop.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), offers);
        assertEquals(2, router.waiting("Promo"), "no waiting contact is dropped");

        // A later reload brings Promo back into alice's profile: first come, first served.
        router.agentReconfigured("alice", profile(queue("Sales", 1, 0), queue("Promo", 2, 0)),
                skills("alice", Map.of()));
        assertEquals(List.of(match(1, "Promo", "alice")), offers);
        assertTrue(router.waiting("Promo") == 1, "the second waits for the next agent");
    }

    @Test
    void aReconfiguredAgentWhoIsNotAvailableStaysOutOfTheRouter() {
        router.agentReconfigured("carol", profile(queue("Sales", 1, 0)), skills("carol", Map.of()));
        enqueue(1, "Sales");
        assertEquals(List.of(), offers);
        assertEquals(0, router.availableAgents());
    }
}

package io.switchboard.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.RoutingProfile;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.contact.RoutingCriteria.AllOf;
import io.switchboard.routing.contact.RoutingCriteria.OneOfAgents;
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
 * Routing criteria in the router, on the virtual clock: a contact goes only to agents its current step
 * accepts, the steps relax as each expires (the router wakes by itself), after the last any agent of the queue
 * may take it, and contacts without criteria behind it are not held up. "Nothing yet" checks advance to just
 * before the expiry they guard.
 */
class RoutingCriteriaRouterTest {

    private static final Instant T0 = Instant.parse("2024-07-10T15:00:00Z");
    private static final RoutingProfile SUPPORT = new RoutingProfile("p", null,
            List.of(new RoutingProfile.QueueConfig("Support", 1, 0)), "Support", null);

    private final VirtualLoop loop = new VirtualLoop(T0);
    private final List<Router.Match> offers = new ArrayList<>();
    private final Router router = new Router(loop, offers::add);

    private static ContactId contact(int n) {
        return new ContactId(new UUID(0, n));
    }

    /** An agent with proficiencies "Name=Value" -> level. */
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

    private void available(String agent, Map<String, Integer> levels) {
        router.agentAvailable(agent, SUPPORT, skills(agent, levels));
    }

    private void enqueue(int n, RoutingCriteria criteria) {
        router.enqueue(contact(n), "Support", loop.now(), Router.DEFAULT_PRIORITY, Duration.ZERO, criteria, loop.now());
    }

    private static Proficiency atLeast(String name, String value, double level) {
        return new Proficiency(name, value, level, 5.0, false);
    }

    private static RoutingCriteria steps(Step... steps) {
        return new RoutingCriteria(List.of(steps));
    }

    @Test
    void aContactWaitsForAProficientAgentUntilItsStepExpiresThenTakesAnyAgent() {
        available("bob", Map.of());
        enqueue(1, steps(new Step(atLeast("Language", "Spanish", 4), Duration.ofSeconds(30))));
        assertEquals(List.of(), offers, "bob speaks no Spanish");

        loop.advance(Duration.ofMillis(29_999));
        assertEquals(List.of(), offers, "nothing before the step expires");
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(new Router.Match(contact(1), "Support", "bob")), offers,
                "at 30 s the step gives way and the router wakes by itself");
    }

    @Test
    void aProficientAgentWhoBecomesAvailableTakesItBeforeTheStepExpires() {
        available("bob", Map.of("Language=Spanish", 3));
        enqueue(1, steps(new Step(atLeast("Language", "Spanish", 4), Duration.ofSeconds(30))));
        loop.advance(Duration.ofSeconds(10));
        available("ana", Map.of("Language=Spanish", 5));
        assertEquals(List.of(new Router.Match(contact(1), "Support", "ana")), offers, "bob's level 3 is below 4");
    }

    @Test
    void stepsRelaxInTurnAndANonExpiringLastStepHoldsForever() {
        RoutingCriteria criteria = steps(
                new Step(new AllOf(List.of(atLeast("Language", "Spanish", 5), atLeast("Product", "Billing", 3))),
                        Duration.ofSeconds(20)),
                new Step(atLeast("Language", "Spanish", 3), null));
        available("carl", Map.of("Language=Spanish", 5));
        available("dora", Map.of());
        enqueue(1, criteria);
        assertEquals(List.of(), offers, "carl lacks Billing; dora lacks Spanish");

        loop.advance(Duration.ofSeconds(20));
        assertEquals(List.of(new Router.Match(contact(1), "Support", "carl")), offers, "step 2 accepts carl");

        enqueue(2, criteria);
        loop.advance(Duration.ofHours(1));
        assertEquals(1, offers.size(), "dora never meets the last step, which never expires");
    }

    @Test
    void aContactForNamedAgentsDoesNotHoldUpTheContactsBehindIt() {
        available("erin", Map.of());
        enqueue(1, steps(new Step(new OneOfAgents(Set.of("frank")), Duration.ofSeconds(60))));
        loop.advance(Duration.ofSeconds(1));
        enqueue(2, RoutingCriteria.NONE);
        assertEquals(List.of(new Router.Match(contact(2), "Support", "erin")), offers,
                "erin takes the younger contact that any agent may take");
        available("frank", Map.of());
        assertEquals(new Router.Match(contact(1), "Support", "frank"), offers.get(1), "frank is the named agent");
    }

    @Test
    void aNegatedConditionKeepsTheContactFromAgentsWhoHaveTheProficiency() {
        available("gus", Map.of("Team=Trainee", 1));
        enqueue(1, steps(new Step(new Proficiency("Team", "Trainee", 1, 5, true), Duration.ofSeconds(5))));
        assertTrue(offers.isEmpty());
        available("hana", Map.of());
        assertEquals(List.of(new Router.Match(contact(1), "Support", "hana")), offers);
    }

    @Test
    void theStepsCountFromWhenTheCriteriaTookEffectNotFromTheEnqueue() {
        available("ivan", Map.of());
        Instant queued = loop.now();
        loop.advance(Duration.ofSeconds(50));
        // Set while waiting, 50 s after the contact was queued: the 30 s step runs from now.
        router.enqueue(contact(1), "Support", queued, Router.DEFAULT_PRIORITY, Duration.ZERO,
                steps(new Step(atLeast("Language", "Spanish", 4), Duration.ofSeconds(30))), loop.now());
        loop.advance(Duration.ofMillis(29_999));
        assertTrue(offers.isEmpty(), "the step still holds");
        loop.advance(Duration.ofMillis(1));
        assertEquals(1, offers.size());
    }
}

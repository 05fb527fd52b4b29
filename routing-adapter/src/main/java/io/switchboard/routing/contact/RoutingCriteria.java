package io.switchboard.routing.contact;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A contact's routing criteria, as Amazon Connect's UpdateRoutingCriteria sets them: a sequence of steps, each a
 * requirement on the agent (proficiencies in predefined attributes, or named agents) that holds for its expiry
 * and then gives way to the next; once every step has expired, any agent of the queue may take the contact. A
 * step without an expiry never gives way. The clock of the steps starts when the criteria take effect: when the
 * contact is queued, or when they are set on a contact already waiting.
 */
public record RoutingCriteria(List<Step> steps) {

    /** No criteria: any agent of the queue. */
    public static final RoutingCriteria NONE = new RoutingCriteria(List.of());

    public RoutingCriteria {
        steps = List.copyOf(steps);
    }

    /** One step: what the agent must meet, for how long ({@code expiry} null: for as long as the contact waits). */
    public record Step(Requirement requirement, Duration expiry) {
        public Step {
            Objects.requireNonNull(requirement, "requirement");
            if (expiry != null && (expiry.isNegative() || expiry.isZero())) {
                throw new IllegalArgumentException("a step's expiry is positive");
            }
        }
    }

    /** What the router knows of an agent for the criteria. */
    public interface AgentSkills {
        /** The agent's username and identifiers (ARN, id) that AgentsCriteria may name. */
        Set<String> identities();

        /** The agent's level (1-5) in {@code value} of the predefined attribute {@code name}, if they have it. */
        OptionalInt level(String name, String value);
    }

    /** A requirement on the agent: a tagged union, as the flow language's Expression is. */
    public sealed interface Requirement permits Proficiency, AllOf, AnyOf, OneOfAgents {
        boolean metBy(AgentSkills agent);
    }

    /**
     * A proficiency in {@code value} of attribute {@code name} with a level in [{@code min}, {@code max}]
     * (NumberGreaterOrEqualTo is [level, 5], Range is its bounds); {@code negated}: the agent must not have it
     * (NotAttributeCondition).
     */
    public record Proficiency(String name, String value, double min, double max, boolean negated)
            implements Requirement {
        @Override
        public boolean metBy(AgentSkills agent) {
            OptionalInt level = agent.level(name, value);
            boolean has = level.isPresent() && level.getAsInt() >= min && level.getAsInt() <= max;
            return negated != has;
        }
    }

    /** Every one of the requirements (AndExpression). */
    public record AllOf(List<Requirement> all) implements Requirement {
        public AllOf {
            all = List.copyOf(all);
        }

        @Override
        public boolean metBy(AgentSkills agent) {
            return all.stream().allMatch(r -> r.metBy(agent));
        }
    }

    /** At least one of the requirements (OrExpression). */
    public record AnyOf(List<Requirement> any) implements Requirement {
        public AnyOf {
            any = List.copyOf(any);
        }

        @Override
        public boolean metBy(AgentSkills agent) {
            return any.stream().anyMatch(r -> r.metBy(agent));
        }
    }

    /** One of the named agents (MatchCriteria.AgentsCriteria.AgentIds): usernames, agent ids or ARNs. */
    public record OneOfAgents(Set<String> agents) implements Requirement {
        public OneOfAgents {
            agents = Set.copyOf(agents);
        }

        @Override
        public boolean metBy(AgentSkills agent) {
            return agent.identities().stream().anyMatch(agents::contains);
        }
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The step in force at {@code now} for criteria in effect since {@code since}; empty once all expired. */
    public Optional<Step> stepAt(Instant since, Instant now) {
        Instant end = since;
        for (Step step : steps) {
            if (step.expiry() == null) {
                return Optional.of(step);
            }
            end = end.plus(step.expiry());
            if (now.isBefore(end)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code agent} may take the contact at {@code now}. */
    public boolean accepts(AgentSkills agent, Instant since, Instant now) {
        return stepAt(since, now).map(step -> step.requirement().metBy(agent)).orElse(true);
    }

    /** When the step in force at {@code now} gives way to the next (or to any agent); empty when it never does. */
    public Optional<Instant> nextChange(Instant since, Instant now) {
        Instant end = since;
        for (Step step : steps) {
            if (step.expiry() == null) {
                return Optional.empty();
            }
            end = end.plus(step.expiry());
            if (now.isBefore(end)) {
                return Optional.of(end);
            }
        }
        return Optional.empty();
    }
}

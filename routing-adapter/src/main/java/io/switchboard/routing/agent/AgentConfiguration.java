package io.switchboard.routing.agent;

import io.switchboard.config.model.User;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One agent's settings as the instance has them now, with the ARNs of everything they name: what the agent
 * event's {@code Configuration} shows and what the router needs to offer them contacts (the queues of their
 * routing profile with priority and delay, phone type, auto-accept, the ACW timeout). Immutable; a reload
 * builds a new one, and a configuration that differs from the last one is a STATE_CHANGE.
 *
 * @param hierarchyGroups the agent's hierarchy group and its parents, top level first (index 0 is Level1)
 * @param afterContactWork how long ACW lasts; zero means until the agent closes the contact
 * @param proficiencies the agent's proficiencies, for contacts' routing criteria
 */
public record AgentConfiguration(
        String username,
        String agentArn,
        String firstName,
        String lastName,
        RoutingProfile routingProfile,
        User.PhoneType phoneType,
        String deskPhoneNumber,
        boolean autoAccept,
        Duration afterContactWork,
        List<HierarchyGroup> hierarchyGroups,
        List<Proficiency> proficiencies) {

    public AgentConfiguration {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(agentArn, "agentArn");
        Objects.requireNonNull(routingProfile, "routingProfile");
        hierarchyGroups = List.copyOf(hierarchyGroups);
        proficiencies = List.copyOf(proficiencies);
    }

    /** A proficiency: a value of a predefined attribute, at a level of 1-5 (routing criteria read these). */
    public record Proficiency(String name, String value, int level) {
    }

    /** The agent's level in {@code value} of the predefined attribute {@code name}, if they have it. */
    public java.util.OptionalInt proficiencyLevel(String name, String value) {
        for (Proficiency p : proficiencies) {
            if (p.name().equals(name) && p.value().equals(value)) {
                return java.util.OptionalInt.of(p.level());
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** This configuration with the phone the agent chose on their panel (the desk number kept for a softphone). */
    public AgentConfiguration withPhone(User.PhoneType type, String number) {
        return new AgentConfiguration(username, agentArn, firstName, lastName, routingProfile, type,
                number != null ? number : deskPhoneNumber, autoAccept, afterContactWork, hierarchyGroups, proficiencies);
    }

    /** A queue as the agent event names it. */
    public record QueueRef(String name, String arn) {
    }

    /** A queue of the routing profile: lower priority is served first, after the contact waited the delay. */
    public record ServedQueue(QueueRef queue, int priority, Duration delay) {
    }

    /**
     * The agent's routing profile.
     *
     * @param defaultStatus the status name agents start in at login, empty for Offline
     */
    public record RoutingProfile(String name, String arn, List<ServedQueue> queues, QueueRef defaultOutboundQueue,
                                 java.util.Optional<String> defaultStatus) {
        public RoutingProfile {
            queues = List.copyOf(queues);
        }
    }

    /** A group of the agent hierarchy. */
    public record HierarchyGroup(String name, String arn) {
    }
}

package io.switchboard.routing.api;

import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.RoutingBlock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent as their panel shows them: the agent event's snapshot, whether the router may offer them a contact
 * now (and why not), and the contact with them, with what the panel shows of it (the caller's number, the
 * attributes the flow set, when a ringing offer is missed).
 */
public record AgentView(AgentSnapshot agent, boolean routable, Optional<RoutingBlock> block,
                        Optional<ContactView> contact) {

    public AgentView {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(contact, "contact");
    }

    /**
     * The agent's contact.
     *
     * @param state          the agent event's contact state (CONNECTING, CONNECTED, CONNECTED_ONHOLD, ENDED, MISSED, ERROR)
     * @param customerNumber the caller's number while the call is up; null after
     * @param offerExpiresAt when a ringing softphone offer is missed; null when not ringing
     * @param mediaPaused    the agent's softphone media went away: the caller hears hold audio until it is back
     */
    public record ContactView(String contactId, String state, String queue, String customerNumber,
                              String initiationMethod, Map<String, String> attributes, Instant offerExpiresAt,
                              Instant stateSince, boolean muted, boolean mediaPaused) {
        public ContactView {
            attributes = Map.copyOf(attributes);
        }
    }
}

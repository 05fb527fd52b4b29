package io.switchboard.routing.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent at one instant, as the agent event's {@code AgentSnapshot} shows it: the status they chose (and
 * since when), their configuration, and the contact with them. {@code state} is the CCP's view that the
 * status and the contact's state make together; the figures and the router read it.
 *
 * @param stateSince       when the agent entered {@code state}
 * @param contact          the contact with the agent, when the state has one
 * @param connectedAt      when that contact was connected to the agent; null before
 */
public record AgentSnapshot(AgentConfiguration configuration, AgentState state, Instant stateSince,
                            AgentStatusRef status, Instant statusSince, Optional<AgentContact> contact,
                            Instant connectedAt) {

    public AgentSnapshot {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contact, "contact");
    }

    public String username() {
        return configuration.username();
    }

    public boolean loggedIn() {
        return state != AgentState.LOGGED_OUT;
    }
}

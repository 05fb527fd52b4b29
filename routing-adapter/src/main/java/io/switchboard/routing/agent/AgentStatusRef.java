package io.switchboard.routing.agent;

import io.switchboard.config.model.AgentStatus;

/** An agent status of the instance with its ARN, as the agent event's {@code AgentStatus} names it. */
public record AgentStatusRef(String name, String arn, AgentStatus.Kind kind, boolean enabled) {

    /** The state an agent who chooses this status is in. */
    public AgentState state() {
        return switch (kind) {
            case ROUTABLE -> AgentState.AVAILABLE;
            case OFFLINE -> AgentState.OFFLINE;
            case CUSTOM -> AgentState.CUSTOM;
        };
    }

    /** The agent event's {@code AgentStatus.Type}. */
    public String type() {
        return kind.name();
    }
}

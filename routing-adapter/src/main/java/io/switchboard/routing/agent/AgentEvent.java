package io.switchboard.routing.agent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the agent event stream (Amazon Connect's agent event model, version {@value #VERSION}): what
 * happened, when, and the agent before and after. {@code previous} is null for LOGIN and HEART_BEAT, as
 * in the reference stream.
 */
public record AgentEvent(UUID eventId, Type type, Instant timestamp, String instanceArn, AgentSnapshot current,
                         AgentSnapshot previous) {

    public static final String VERSION = "2017-10-01";

    /** The agent event's {@code EventType}. */
    public enum Type { LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT }

    public AgentEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(current, "current");
    }

    public String agentArn() {
        return current.configuration().agentArn();
    }

    public String username() {
        return current.username();
    }
}

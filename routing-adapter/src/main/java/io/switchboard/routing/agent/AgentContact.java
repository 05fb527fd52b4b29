package io.switchboard.routing.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * The contact an agent is working on, as the router hands it to the agent: which contact, how it started,
 * and the queue it came from. Its state follows the agent's (see {@link #state(AgentState)}).
 *
 * @param initiationMethod the CTR's InitiationMethod (INBOUND, OUTBOUND, CALLBACK, TRANSFER...)
 * @param queue            the queue it was routed from; null for an outbound call without one
 * @param queuedAt         when it entered that queue; null without a queue
 */
public record AgentContact(String contactId, String initialContactId, String initiationMethod,
                           AgentConfiguration.QueueRef queue, Instant queuedAt) {

    public static final String CHANNEL = "VOICE";

    public AgentContact {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(initiationMethod, "initiationMethod");
    }

    /** The agent event's contact {@code State} for an agent in {@code state}. */
    public static String state(AgentState state) {
        return switch (state) {
            case PENDING -> "CONNECTING";
            case BUSY -> "CONNECTED";
            case ON_HOLD -> "CONNECTED_ONHOLD";
            case AFTER_CONTACT_WORK -> "ENDED";
            case MISSED -> "MISSED";
            case ERROR -> "ERROR";
            default -> throw new IllegalArgumentException("no contact in state " + state);
        };
    }
}

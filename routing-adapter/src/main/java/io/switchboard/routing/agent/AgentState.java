package io.switchboard.routing.agent;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an agent is, as the Contact Control Panel shows it: logged out, in a status the agent chose
 * (Available, Offline or a custom one), or in a system state the router drives while a contact is with the
 * agent. Each state names the states it may move to; {@link Agent} refuses any other step at once (a bug of
 * ours, not an input to absorb). Logging out is allowed from every state: a removed user or an ended
 * session takes the agent out wherever they are, and the router gets their contact back.
 */
public enum AgentState {
    /** No session: not in the roster's logged-in set, no events but none. */
    LOGGED_OUT,
    /** In the routable status: the router may offer contacts. */
    AVAILABLE,
    /** Logged in, but in the Offline status: not routable. */
    OFFLINE,
    /** In a custom status (Lunch, Training): logged in, not routable, non-productive time. */
    CUSTOM,
    /** A contact is offered and rings (the CCP's "Pending", "Incoming contact"). */
    PENDING,
    /** Connected to a contact (the CCP's "Busy", "On contact"). */
    BUSY,
    /** The agent put the customer on hold. */
    ON_HOLD,
    /** The contact ended; the agent is in After Contact Work until they close it or the timeout fires. */
    AFTER_CONTACT_WORK,
    /** An offer was rejected or timed out; left only by choosing a status. */
    MISSED,
    /** An offer could not be connected (the phone failed); left only by choosing a status. */
    ERROR;

    /** The states this one may move to. */
    public Set<AgentState> next() {
        return switch (this) {
            case LOGGED_OUT -> EnumSet.of(AVAILABLE, OFFLINE, CUSTOM);
            // A chosen status may be changed for another one; from a routable or custom status the agent may
            // also take a contact (an offer when Available; an outbound call of their own from either).
            case AVAILABLE -> EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, PENDING, BUSY, LOGGED_OUT);
            case CUSTOM -> EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, PENDING, BUSY, LOGGED_OUT);
            case OFFLINE -> EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT);
            // Back to Available when the caller leaves before the agent could answer: not the agent's miss; to
            // After Contact Work when the customer of the agent's own outbound call is not reached.
            case PENDING -> EnumSet.of(AVAILABLE, BUSY, MISSED, ERROR, AFTER_CONTACT_WORK, LOGGED_OUT);
            case BUSY -> EnumSet.of(ON_HOLD, AFTER_CONTACT_WORK, LOGGED_OUT);
            case ON_HOLD -> EnumSet.of(BUSY, AFTER_CONTACT_WORK, LOGGED_OUT);
            // Closing the contact (or its timeout) returns the agent to a chosen status.
            case AFTER_CONTACT_WORK, MISSED, ERROR -> EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT);
        };
    }

    public boolean mayMoveTo(AgentState target) {
        return next().contains(target);
    }

    /** A status the agent chose, with no contact on them. */
    public boolean isChosenStatus() {
        return this == AVAILABLE || this == OFFLINE || this == CUSTOM;
    }

    /** A contact is with the agent (offered, connected, held or in ACW). */
    public boolean hasContact() {
        return this == PENDING || this == BUSY || this == ON_HOLD || this == AFTER_CONTACT_WORK
                || this == MISSED || this == ERROR;
    }

    /** Connected to a customer (talking or holding). */
    public boolean onContact() {
        return this == BUSY || this == ON_HOLD;
    }
}

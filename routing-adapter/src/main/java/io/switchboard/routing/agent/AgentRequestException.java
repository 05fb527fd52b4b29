package io.switchboard.routing.agent;

/** A request about an agent that cannot be done as asked: the reason says which rule refused it. */
public final class AgentRequestException extends RuntimeException {

    /** Which rule refused the request. */
    public enum Reason {
        /** The user is unknown, or holds no security profile with agent access. */
        NOT_AN_AGENT,
        /** The agent has no session. */
        NOT_LOGGED_IN,
        /** The instance has no status of that name. */
        UNKNOWN_STATUS,
        /** The status exists but is disabled. */
        DISABLED_STATUS,
        /** A contact is offered to or connected with the agent; statuses change after it. */
        ON_CONTACT,
        /** The request is about the agent's contact (hold, resume, hang up, close), and the agent has none in that state. */
        NO_CONTACT,
        /** The contact named is not the one offered to or connected with the agent. */
        NOT_YOUR_CONTACT,
        /** The agent's softphone has no media path to connect a contact to (no WebRTC offer answered). */
        NO_SOFTPHONE_MEDIA,
        /** The softphone's SDP could not be answered (malformed, no usable audio, the relay refused it). */
        MEDIA_FAILED
    }

    private final Reason reason;

    public AgentRequestException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

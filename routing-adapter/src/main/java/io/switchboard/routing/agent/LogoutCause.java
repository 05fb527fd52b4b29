package io.switchboard.routing.agent;

/**
 * Why an agent was logged out. Every cause is recorded as the same LOGOUT event, so a login/logout report
 * built from the stream need not know it; the cause goes to the log line.
 */
public enum LogoutCause {
    /** The agent logged out (POST /api/logout, or the desk API). */
    REQUESTED,
    /** The agent's last session idled out. */
    SESSION_EXPIRED,
    /** The user left the instance, lost agent access, or had their password reset. */
    USER_REMOVED,
    /** Every connection of the agent's sessions stayed closed longer than the grace period. */
    DISCONNECTED,
    /** The server stopped. */
    SHUTDOWN
}

package io.switchboard.control.auth;

/**
 * Hears sessions begin and end, on the thread that created or ended them (the login checker, an event loop,
 * the sweeper, a reload); must be quick and must not block. The contact center logs agents in and out
 * from it.
 */
public interface SessionListener {

    /** Why a session ended. */
    enum End {
        /** The user logged out. */
        LOGOUT,
        /** No request or WebSocket message for the idle timeout. */
        IDLE,
        /** The user left the instance or got a new password. */
        USER_CHANGED,
        /** The user opened more sessions than allowed; the least recently used went. */
        REPLACED
    }

    default void created(Session session) {
    }

    default void ended(Session session, End why) {
    }
}

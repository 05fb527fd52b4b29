package io.switchboard.control.auth;

import java.time.Instant;

/**
 * A logged-in session, as routes and WebSocket endpoints see it. It never holds the token: the store keys
 * sessions by the token's digest, and {@link #id()} (a prefix of that digest) is safe to log.
 */
public final class Session {
    private final String key;
    private final String username;
    private final Instant created;

    Session(String key, String username, Instant created) {
        this.key = key;
        this.username = username;
        this.created = created;
    }

    /** An identifier for logs and for grouping a session's WebSockets; not a credential. */
    public String id() {
        return key.substring(0, 12);
    }

    public String username() {
        return username;
    }

    public Instant created() {
        return created;
    }

    /** The token digest the store keys this session by. */
    String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Session other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "Session[" + id() + ", " + username + "]";
    }
}

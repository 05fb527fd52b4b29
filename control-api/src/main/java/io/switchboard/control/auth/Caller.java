package io.switchboard.control.auth;

import io.switchboard.config.model.User;

/** The authenticated party of a request: its session and the user as the running instance has it now. */
public record Caller(Session session, User user) {
    public String username() {
        return user.username();
    }
}

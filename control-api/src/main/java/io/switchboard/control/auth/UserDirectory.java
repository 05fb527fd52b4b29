package io.switchboard.control.auth;

import io.switchboard.config.model.User;
import java.util.Optional;

/**
 * The users of the running instance, looked up by username at every login and every authenticated request,
 * so that a reload's changes apply at once. The launcher wires it from the current instance configuration.
 * Called from event loops and the login executor: it must be quick and thread-safe.
 */
@FunctionalInterface
public interface UserDirectory {
    Optional<User> find(String username);
}

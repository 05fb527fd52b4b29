package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;

/**
 * What we answer to the carrier's digest challenges. Unlike agent passwords this one must be kept
 * usable, since we compute responses with it; {@code realm} limits it to one realm when set.
 */
public record TrunkCredentials(String username, String password, @Optional String realm) {

    @Override
    public String toString() {
        return "TrunkCredentials[username=" + username + ", realm=" + realm + "]";
    }
}

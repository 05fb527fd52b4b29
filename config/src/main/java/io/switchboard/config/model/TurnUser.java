package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;

/**
 * A static TURN long-term credential, for tools that cannot fetch ephemeral (REST secret)
 * credentials. Give either {@code password} or {@code key}, the hex MD5 of
 * username:realm:password (coturn's {@code turnadmin -k}), which is tied to the server's realm.
 */
public record TurnUser(String username, @Optional String password, @Optional Md5Hex key) {

    public TurnUser {
        if ((password == null) == (key == null)) {
            throw new IllegalArgumentException("give exactly one of password or key");
        }
    }

    @Override
    public String toString() {
        return "TurnUser[username=" + username + "]";
    }
}

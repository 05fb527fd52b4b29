package io.switchboard.control;

import io.switchboard.config.PasswordHasher;
import io.switchboard.config.model.PasswordHash;
import io.switchboard.config.model.User;
import io.switchboard.control.auth.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A user directory a test can change, as a reload of the instance would. Hashes at cost 4 to stay fast. */
public final class TestUsers implements UserDirectory {
    public static final int COST = 4;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    public TestUsers add(String username, String password) {
        users.put(username, user(username, password));
        return this;
    }

    public void remove(String username) {
        users.remove(username);
    }

    @Override
    public Optional<User> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    public static User user(String username, String password) {
        PasswordHash hash = new PasswordHash(PasswordHasher.hash(password.toCharArray(), COST));
        return new User(username, "First " + username, "Last", hash, List.of("Agent"), "Sales Profile",
                User.PhoneType.SOFTPHONE, null, null, false, 10, null, List.of(), Map.of("team", "blue"));
    }
}

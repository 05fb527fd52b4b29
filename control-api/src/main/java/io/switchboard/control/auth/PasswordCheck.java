package io.switchboard.control.auth;

import io.switchboard.config.PasswordHasher;
import io.switchboard.config.model.PasswordHash;
import io.switchboard.config.model.User;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks a username and password against the directory. An unknown username is checked against a decoy
 * hash of the same cost, so that the answer and its timing are the same as for a known user with a wrong
 * password; the comparison itself is constant-time ({@link PasswordHasher#verify}). Blocking (bcrypt
 * takes tens of milliseconds): run it off the event loops.
 */
final class PasswordCheck {
    private final UserDirectory users;
    private final PasswordHash decoy;

    PasswordCheck(UserDirectory users, int decoyCost) {
        this.users = users;
        char[] random = new char[24];
        SecureRandom rng = new SecureRandom();
        for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('!' + rng.nextInt(94));
        }
        this.decoy = new PasswordHash(PasswordHasher.hash(random, decoyCost));
        Arrays.fill(random, '\0');
    }

    /** The user, when {@code password} is theirs. */
    Optional<User> verify(String username, String password) {
        Optional<User> user = users.find(username);
        boolean matches = PasswordHasher.verify(user.map(User::passwordHash).orElse(decoy), password);
        return matches ? user : Optional.empty();
    }
}

package io.switchboard.control.auth;

import io.switchboard.config.PasswordHasher;
import io.switchboard.config.model.PasswordHash;
import io.switchboard.config.model.User;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Checks a username and password against the directory. An unknown username is checked against a decoy
 * hash of the same cost, so that the answer and its timing are the same as for a known user with a wrong
 * password; the comparison itself is constant-time ({@link PasswordHasher#verify}). Blocking (bcrypt
 * takes tens of milliseconds): run it off the event loops.
 */
final class PasswordCheck {
    private final UserDirectory users;
    /** Hashed on the checking executor, not on the thread that starts the server (bcrypt is slow by design). */
    private final CompletableFuture<PasswordHash> decoy;

    PasswordCheck(UserDirectory users, int decoyCost, Executor checks) {
        this.users = users;
        this.decoy = CompletableFuture.supplyAsync(() -> decoyHash(decoyCost), checks);
    }

    private static PasswordHash decoyHash(int cost) {
        char[] random = new char[24];
        SecureRandom rng = new SecureRandom();
        for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('!' + rng.nextInt(94));
        }
        try {
            return new PasswordHash(PasswordHasher.hash(random, cost));
        } finally {
            Arrays.fill(random, '\0');
        }
    }

    /** The user, when {@code password} is theirs. Blocks for the bcrypt check. */
    Optional<User> verify(String username, String password) {
        Optional<User> user = users.find(username);
        PasswordHash hash = user.isPresent() ? user.get().passwordHash() : decoy.join();
        return PasswordHasher.verify(hash, password) ? user : Optional.empty();
    }
}

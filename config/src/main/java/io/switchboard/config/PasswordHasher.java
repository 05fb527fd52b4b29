package io.switchboard.config;

import io.switchboard.config.model.PasswordHash;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Hashes and verifies user passwords with bcrypt (Bouncy Castle's OpenBSD-compatible
 * implementation, {@code $2y$} hashes, 16-byte random salt). Verification compares in constant
 * time, as {@link OpenBSDBCrypt#checkPassword} does, so response timing does not leak how much of
 * a guess matched.
 */
public final class PasswordHasher {

    /** Cost 10 (2^10 rounds): about 50-100 ms per check on a server core, the usual default. */
    public static final int DEFAULT_COST = 10;
    private static final String VERSION = "2y";
    private static final int SALT_BYTES = 16;
    /** SecureRandom is thread-safe; one instance avoids re-seeding for every hash. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    /**
     * A fresh salted hash of {@code password} at the default cost, as the text to put in a user's
     * {@code passwordHash} (what the {@code hash-password} subcommand prints). The caller clears
     * its array.
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_COST);
    }

    /** As {@link #hash(char[])} at another cost (4 to 31); tests use 4 to stay fast. */
    public static String hash(char[] password, int cost) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4 to 31, found " + cost);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(VERSION, password, salt, cost);
    }

    /** True when {@code password} matches {@code hash}. The caller clears its array. */
    public static boolean verify(PasswordHash hash, char[] password) {
        try {
            return OpenBSDBCrypt.checkPassword(hash.value(), password);
        } catch (IllegalArgumentException e) {
            // A malformed hash cannot match; PasswordHash already refuses most of them.
            return false;
        }
    }

    /** As {@link #verify(PasswordHash, char[])}, for passwords that arrive as strings (JSON login bodies). */
    public static boolean verify(PasswordHash hash, String password) {
        char[] chars = password.toCharArray();
        try {
            return verify(hash, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}

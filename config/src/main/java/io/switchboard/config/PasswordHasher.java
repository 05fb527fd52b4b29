package io.switchboard.config;

import io.switchboard.config.model.PasswordHash;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Hashes and verifies user passwords with bcrypt (Bouncy Castle's OpenBSD-compatible
 * implementation, {@code $2y$} hashes). Verification compares in constant time, as
 * {@link OpenBSDBCrypt#checkPassword} does, so response timing does not leak how much matched.
 */
public final class PasswordHasher {

    /** Cost 10 (2^10 rounds): about 50-100 ms per check on a server core, the usual default. */
    public static final int DEFAULT_COST = 10;
    private static final String VERSION = "2y";
    private static final int SALT_BYTES = 16;

    private final SecureRandom random;
    private final int cost;

    public PasswordHasher() {
        this(new SecureRandom(), DEFAULT_COST);
    }

    public PasswordHasher(SecureRandom random, int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4 to 31, found " + cost);
        }
        this.random = random;
        this.cost = cost;
    }

    /** A fresh salted hash of {@code password}, for the {@code passwordHash} key of a user. */
    public PasswordHash hash(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(OpenBSDBCrypt.generate(VERSION, password, salt, cost));
    }

    /** Same as {@link #hash(char[])}; the caller's array is not cleared. */
    public PasswordHash hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return hash(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** True when {@code password} matches {@code hash}. */
    public static boolean verify(PasswordHash hash, char[] password) {
        try {
            return OpenBSDBCrypt.checkPassword(hash.value(), password);
        } catch (IllegalArgumentException e) {
            // A malformed hash cannot match; PasswordHash already refuses most of them.
            return false;
        }
    }

    public static boolean verify(PasswordHash hash, String password) {
        char[] chars = password.toCharArray();
        try {
            return verify(hash, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}

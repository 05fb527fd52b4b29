package io.switchboard.turn.auth;

/** Where the long-term key of a username comes from: static users, or the REST secret. */
public interface CredentialStore {

    /** The key of {@code username} at {@code nowMillis}, or null when unknown or expired. */
    byte[] key(String username, long nowMillis);
}

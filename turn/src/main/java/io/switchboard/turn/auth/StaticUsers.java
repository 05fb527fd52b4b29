package io.switchboard.turn.auth;

import java.util.HashMap;
import java.util.Map;

/** Users from the configuration, with a password or a precomputed key, for one realm. */
public final class StaticUsers implements CredentialStore {

    private final Map<String, byte[]> keys = new HashMap<>();

    /** @param users username to password, or to {@code "key:" + 32 hex digits} */
    public StaticUsers(String realm, Map<String, String> users) {
        users.forEach((user, secret) -> keys.put(user, secret.startsWith("key:")
                ? LongTermKey.fromHex(secret.substring(4)) : LongTermKey.of(user, realm, secret)));
    }

    @Override
    public byte[] key(String username, long nowMillis) {
        byte[] key = keys.get(username);
        return key == null ? null : key.clone();
    }
}

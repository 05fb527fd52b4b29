package io.switchboard.turn.auth;

import io.switchboard.turn.api.TurnRestCredentials;

/**
 * TURN REST ephemeral users (coturn's {@code use-auth-secret}): a username {@code <expiry>:<userid>} whose
 * expiry has not passed has the password base64(HMAC-SHA1(secret, username)); an expired one has no key.
 */
public final class RestSecretCredentials implements CredentialStore {

    private final String secret;
    private final String realm;

    public RestSecretCredentials(String secret, String realm) {
        this.secret = secret;
        this.realm = realm;
    }

    @Override
    public byte[] key(String username, long nowMillis) {
        long expiry = TurnRestCredentials.expiryOf(username);
        if (expiry < 0 || expiry * 1000 <= nowMillis) {
            return null;
        }
        return LongTermKey.of(username, realm, TurnRestCredentials.password(secret, username));
    }
}

package io.switchboard.turn.auth;

import io.switchboard.turn.stun.StunMessage;
import java.util.List;

/**
 * The server side of the long-term credential mechanism, RFC 8489 section 9.2.4, steps in order: no
 * MESSAGE-INTEGRITY -> 401 with REALM and NONCE; MESSAGE-INTEGRITY without USERNAME, REALM or NONCE -> 400;
 * a stale or unknown NONCE -> 438 with a fresh one; an unknown user or a wrong MESSAGE-INTEGRITY -> 401;
 * else the request is authentic and its responses are signed with the user's key.
 */
public final class LongTermAuthenticator {

    /** The outcome of checking one request. */
    public record Result(Outcome outcome, String username, byte[] key) {
        static Result of(Outcome o) {
            return new Result(o, null, null);
        }
    }

    public enum Outcome {
        AUTHENTIC, CHALLENGE, MISSING_ATTRIBUTE, STALE_NONCE, WRONG_CREDENTIALS
    }

    private final String realm;
    private final NonceIssuer nonces;
    private final List<CredentialStore> stores;

    public LongTermAuthenticator(String realm, NonceIssuer nonces, List<CredentialStore> stores) {
        this.realm = realm;
        this.nonces = nonces;
        this.stores = List.copyOf(stores);
    }

    public String realm() {
        return realm;
    }

    public String freshNonce(long nowMillis) {
        return nonces.issue(nowMillis);
    }

    public Result check(StunMessage request, long nowMillis) {
        // Step 1: no MESSAGE-INTEGRITY, a first request: challenge it.
        if (!request.hasIntegrity()) {
            return Result.of(Outcome.CHALLENGE);
        }
        // Step 2: integrity but a credential attribute missing.
        if (request.username() == null || request.realm() == null || request.nonce() == null) {
            return Result.of(Outcome.MISSING_ATTRIBUTE);
        }
        // Step 3: the nonce must be one of ours and not expired.
        if (nonces.check(request.nonce(), nowMillis) != NonceIssuer.Check.VALID) {
            return Result.of(Outcome.STALE_NONCE);
        }
        // Step 4: the username must be known (a REST username must not have expired), in our realm.
        byte[] key = null;
        if (realm.equals(request.realm())) {
            for (CredentialStore store : stores) {
                key = store.key(request.username(), nowMillis);
                if (key != null) {
                    break;
                }
            }
        }
        // Step 5: the MESSAGE-INTEGRITY must match the key.
        if (key == null || !request.integrityMatches(key)) {
            return Result.of(Outcome.WRONG_CREDENTIALS);
        }
        return new Result(Outcome.AUTHENTIC, request.username(), key);
    }
}

package io.switchboard.turn.server;

import io.switchboard.turn.allocation.ClientPath;
import io.switchboard.turn.stun.StunMessage;

/**
 * One request being handled: the message, the path back to its client, its 5-tuple key, the time it
 * arrived and, once authenticated, the username and key that sign the responses.
 */
record Exchange(StunMessage request, ClientPath path, Object key, long now, String username, byte[] integrityKey) {

    Exchange authenticated(String user, byte[] userKey) {
        return new Exchange(request, path, key, now, user, userKey);
    }
}

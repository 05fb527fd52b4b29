package io.switchboard.turn.server;

import io.netty.buffer.Unpooled;
import io.switchboard.turn.allocation.SourceRateLimiter;
import io.switchboard.turn.auth.LongTermAuthenticator;
import io.switchboard.turn.stun.StunResponse;

/**
 * Sends responses the way RFC 8656 wants them: SOFTWARE, MESSAGE-INTEGRITY with the user's key when the
 * request was authenticated, FINGERPRINT last. What goes out before authentication (401, 438, 400, Binding)
 * passes the per-source rate limit first and carries nothing it need not: a 401 is ERROR-CODE, REALM, NONCE
 * and FINGERPRINT, so it is never much larger than the request that caused it.
 */
final class Replies {

    private final String software;
    private final LongTermAuthenticator auth;
    private final SourceRateLimiter limiter;
    private final TurnCounters counters;

    Replies(String software, LongTermAuthenticator auth, SourceRateLimiter limiter, TurnCounters counters) {
        this.software = software;
        this.auth = auth;
        this.limiter = limiter;
        this.counters = counters;
    }

    /** A success, signed when the exchange is authenticated. */
    void success(Exchange x, StunResponse response) {
        byte[] bytes = response.software(software).encode(x.integrityKey(), true);
        send(x, bytes);
    }

    /** Sends an already encoded response again (a retransmitted Allocate). */
    void resend(Exchange x, byte[] bytes) {
        send(x, bytes);
    }

    /** Encodes a success without sending it, for responses kept for retransmissions. */
    byte[] encodeSuccess(Exchange x, StunResponse response) {
        return response.software(software).encode(x.integrityKey(), true);
    }

    /** An error after authentication: signed (RFC 8489 section 9.2.4). */
    void error(Exchange x, int code, String reason) {
        counters.refused(reasonLabel(code));
        send(x, StunResponse.error(x.request(), code, reason).software(software).encode(x.integrityKey(), true));
    }

    /** An error before authentication (400, 420): unsigned and rate limited. */
    void unauthenticatedError(Exchange x, StunResponse response) {
        if (allowed(x)) {
            counters.refused(reasonLabel(response.errorCode()));
            send(x, response.encode(null, true));
        }
    }

    /** RFC 8489 section 9.2.4: 401 (no or wrong credentials) or 438 (stale nonce), with REALM and a NONCE. */
    void challenge(Exchange x, int code) {
        if (!allowed(x)) {
            return;
        }
        if (code == 438) {
            counters.staleNonces.increment();
        } else {
            counters.unauthorized.increment();
        }
        String reason = code == 438 ? "Stale Nonce" : "Unauthorized";
        send(x, StunResponse.error(x.request(), code, reason).realm(auth.realm()).nonce(auth.freshNonce(x.now()))
                .encode(null, true));
    }

    /** A reply to an unauthenticated request (Binding), rate limited. */
    void unauthenticatedSuccess(Exchange x, StunResponse response) {
        if (allowed(x)) {
            send(x, response.software(software).encode(null, true));
        }
    }

    private boolean allowed(Exchange x) {
        if (limiter.allow(x.path().client().getAddress(), x.now())) {
            return true;
        }
        counters.rateLimited.increment();
        return false;
    }

    private static void send(Exchange x, byte[] bytes) {
        x.path().send(Unpooled.wrappedBuffer(bytes));
    }

    private static String reasonLabel(int code) {
        return switch (code) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 420 -> "unknown_attribute";
            case 437 -> "allocation_mismatch";
            case 440 -> "address_family";
            case 441 -> "wrong_credentials";
            case 442 -> "unsupported_transport";
            case 443 -> "peer_address_family";
            case 486 -> "allocation_quota";
            case 508 -> "insufficient_capacity";
            default -> "error_" + code;
        };
    }
}

package io.switchboard.sip.session;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.trunk.DigestChallenge;
import io.switchboard.sip.trunk.DigestServer;
import io.switchboard.sip.trunk.Trunk;
import io.switchboard.sip.trunk.TrunkTable;
import io.switchboard.sip.trunk.UserBans;
import java.net.InetAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of INVITEs from sources outside every trunk network (RFC 3261 section 22.4): no
 * credentials get a 401 with our challenges; a stale nonce, or a nonce-count used before (a replayed header),
 * a fresh one with stale=true, so a real client retries at once and a replay gains nothing; wrong credentials
 * (an unknown user alike) a 403 that also counts towards the source's ban and the user's. Core loop only.
 */
final class InboundAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(InboundAuthenticator.class);

    private final SessionLayer session;
    private final TrunkTable trunks;
    private final DigestServer digest;
    private final SessionCounters counters;
    private Consumer<InetAddress> failureListener = ip -> { };
    private UserBans userBans = UserBans.none();
    private SecurityLog security = new SecurityLog(System::currentTimeMillis, SecurityEventListener.NONE);

    InboundAuthenticator(SessionLayer session, TrunkTable trunks, DigestServer digest, SessionCounters counters) {
        this.session = session;
        this.trunks = trunks;
        this.digest = digest;
        this.counters = counters;
    }

    void onFailure(Consumer<InetAddress> listener) {
        this.failureListener = listener;
    }

    void banUsersWith(UserBans bans) {
        this.userBans = bans;
    }

    void reportSecurityTo(SecurityLog log) {
        this.security = log;
    }

    /** The trunk the INVITE authenticated as, or null once it has been challenged or refused. */
    Trunk authenticate(ServerTransaction tx, SipMessage invite) {
        String authorization = invite.header("Authorization");
        if (authorization == null) {
            challenge(tx, invite, false);
            return null;
        }
        String user;
        try {
            user = DigestChallenge.parse(authorization).get("username");
        } catch (IllegalArgumentException e) {
            user = null; // unparseable credentials are simply wrong credentials
        }
        InetAddress source = tx.flow().remote().getAddress();
        Trunk found = trunks.byDigestUser(user);
        // a user whose trunk does not take calls from this source is no user here
        Trunk trunk = found != null && found.challengesSource(source) ? found : null;
        DigestServer.Verdict verdict = digest.verify(authorization, invite.method(), invite.requestUri(),
                u -> trunk == null ? null : trunk.definition().digestUsers().get(u));
        switch (verdict.outcome()) {
            case OK -> {
                if (!userBans.refusesSuccess(verdict.username())) {
                    return trunk;
                }
                refuse(tx, invite, verdict.username(), "user banned");
            }
            case STALE -> challenge(tx, invite, true);
            case REPLAYED -> {
                counters.authReplays++;
                LOG.info("INVITE {} from {}: digest nonce-count reused by user {} (replayed credentials)",
                        invite.callId(), tx.flow().remote(), verdict.username());
                security.request(SecurityEvent.Type.AUTH_REPLAYED, invite, tx.flow(), verdict.username(),
                        "nonce-count already used");
                challenge(tx, invite, true);
            }
            default -> {
                if (verdict.username() != null && !DigestServer.UNKNOWN_USER.equals(verdict.reason())) {
                    userBans.failed(verdict.username(), invite, tx.flow());
                }
                refuse(tx, invite, verdict.username(), verdict.reason());
            }
        }
        return null;
    }

    /** Wrong credentials, an unknown user and a banned user all get the same 403 (RFC 3261 section 22.4). */
    private void refuse(ServerTransaction tx, SipMessage invite, String user, String reason) {
        counters.authFailures++;
        failureListener.accept(tx.flow().remote().getAddress());
        LOG.info("INVITE {} from {}: digest authentication failed for user {}: {}", invite.callId(),
                tx.flow().remote(), user, reason);
        security.request(DigestServer.UNKNOWN_USER.equals(reason) ? SecurityEvent.Type.UNKNOWN_USER
                : SecurityEvent.Type.AUTH_FAILED, invite, tx.flow(), user, reason);
        session.respond(tx, invite.createResponse(403, "Forbidden"));
    }

    private void challenge(ServerTransaction tx, SipMessage invite, boolean stale) {
        SipMessage r = invite.createResponse(401, "Unauthorized");
        for (String c : digest.challenges(stale)) {
            r.addHeader("WWW-Authenticate", c);
        }
        counters.challenges++;
        session.respond(tx, r);
    }
}

package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.locate.LocatedTarget;
import io.switchboard.sip.locate.SipDestination;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.DigestChallenge;
import io.switchboard.sip.trunk.DigestClient;
import io.switchboard.sip.trunk.Trunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the edge with a trunk provider (RFC 3261 section 10): REGISTER to the first outbound destination
 * with the trunk's credentials, answering 401/407, refreshed before the granted expiry, and retried with a
 * doubling back-off (30 s to 10 min) after a failure or timeout. One Call-ID for all refreshes (section
 * 10.2.4). Core loop only.
 */
final class TrunkRegistration implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistration.class);
    private static final long MIN_BACKOFF_MILLIS = 30_000;
    private static final long MAX_BACKOFF_MILLIS = 600_000;

    private final SessionLayer session;
    private final Trunk trunk;
    private final SipDestination destination;
    /** The registrar's address as last located (core loop). */
    private SipTarget target;
    private final long requestedSeconds;
    private final String callId;
    private final String fromTag = SipMessages.newTag();
    private long cseq;
    private int authAttempts;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private SipMessage lastRequest;
    private volatile boolean registered;
    private boolean stopped;

    TrunkRegistration(SessionLayer session, Trunk trunk) {
        this.session = session;
        this.trunk = trunk;
        this.destination = trunk.destinations().get(0);
        this.requestedSeconds = trunk.definition().registration().toSeconds();
        this.callId = SipMessages.newCallId(session.local().host());
    }

    boolean registered() {
        return registered;
    }

    void start() {
        send(null);
    }

    void stop() {
        stopped = true;
    }

    /** Locates the registrar (RFC 3263, cached per TTL), then sends the REGISTER to its first target. */
    private void send(String[] authorization) {
        if (stopped) {
            return;
        }
        var located = session.locate(List.of(destination));
        located.whenComplete((found, error) -> session.execute(() -> {
            if (stopped) {
                return;
            }
            if (error != null) {
                fail(error.getCause() != null ? error.getCause().getMessage() : error.toString());
                return;
            }
            sendTo(found.get(0), authorization);
        }));
    }

    private void sendTo(LocatedTarget registrarTarget, String[] authorization) {
        target = registrarTarget.target();
        Dialog.Via via = session.local().via(target.transport());
        String registrar = "sip:" + registrarTarget.uriHostPort() + (target.transport() == TransportKind.UDP
                ? "" : ";transport=" + target.transport().name().toLowerCase(Locale.ROOT));
        String aor = "<sip:" + trunk.definition().outboundUsername() + "@" + destination.host() + ">";
        List<String[]> extra = new ArrayList<>();
        extra.add(new String[] {"Expires", Long.toString(requestedSeconds)});
        if (authorization != null) {
            extra.add(authorization);
        }
        lastRequest = SipMessages.request(new SipMessages.RequestParts("REGISTER", registrar,
                "SIP/2.0/" + via.transport() + " " + via.host() + ":" + via.port() + ";branch="
                        + SipMessages.newBranch() + ";rport",
                aor + ";tag=" + fromTag, aor, callId, ++cseq, via.contact(), List.of(), extra, null, null));
        session.transactions().send(lastRequest, session.flowTo(target), this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipMessage response) {
        int code = response.statusCode();
        if (code < 200 || stopped) {
            return;
        }
        if (code < 300) {
            authAttempts = 0;
            backoffMillis = MIN_BACKOFF_MILLIS;
            if (!registered) {
                LOG.info("trunk {} registered with {}", trunk.name(), destination);
            }
            registered = true;
            long granted = grantedSeconds(response);
            // refresh well before expiry, never in a tight loop
            long refresh = Math.max(5_000, granted * 1000 * 85 / 100);
            session.transactions().scheduler().schedule(refresh, () -> send(null));
            return;
        }
        if ((code == 401 || code == 407) && answer(response)) {
            return;
        }
        fail(code + " " + response.reasonPhrase());
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        fail("timeout");
    }

    private boolean answer(SipMessage response) {
        boolean proxy = response.statusCode() == 407;
        DigestChallenge challenge = DigestClient.choose(response.headers(proxy ? "Proxy-Authenticate"
                : "WWW-Authenticate"));
        if (challenge == null || trunk.definition().outboundUsername() == null
                || (authAttempts > 0 && !challenge.stale()) || authAttempts >= 2) {
            return false;
        }
        authAttempts++;
        String value = new DigestClient(trunk.definition().outboundUsername(), trunk.definition().outboundPassword())
                .authorization(challenge, "REGISTER", lastRequest.requestUri());
        send(new String[] {proxy ? "Proxy-Authorization" : "Authorization", value});
        return true;
    }

    private void fail(String why) {
        registered = false;
        authAttempts = 0;
        LOG.warn("trunk {} registration with {} failed ({}); retrying in {} s", trunk.name(), destination, why,
                backoffMillis / 1000);
        session.transactions().scheduler().schedule(backoffMillis, () -> send(null));
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    }

    /** Section 10.3: the expires parameter of our Contact in the 2xx, else its Expires header, else ours. */
    private long grantedSeconds(SipMessage response) {
        for (String contact : response.headers("Contact")) {
            int at = contact.toLowerCase(Locale.ROOT).indexOf("expires=");
            if (at >= 0) {
                try {
                    return Long.parseLong(contact.substring(at + 8).split("[;,>\\s]")[0]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        String expires = response.header("Expires");
        try {
            return expires == null ? requestedSeconds : Long.parseLong(expires.trim());
        } catch (NumberFormatException e) {
            return requestedSeconds;
        }
    }
}

package io.switchboard.media.webrtc.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-lite side of one media port (RFC 8445 sections 2.5 and 7.3): answers the browser's connectivity
 * checks, learns the pairs they validate, takes the nominated one (USE-CANDIDATE) as the selected pair and
 * follows it when the browser nominates another (host to relay and back), and watches consent (RFC 7675):
 * without a valid check on the selected pair for {@link #CONSENT_TIMEOUT_NANOS} the media must stop.
 *
 * <p>Loop-confined and clock-free: every entry takes the loop's {@code now}, so tests run on virtual time.
 * Before any nomination the first validated pair is used (DTLS starts as soon as a check succeeds).
 */
public final class IceLiteResponder {
    private static final Logger LOG = LoggerFactory.getLogger(IceLiteResponder.class);
    /** RFC 7675 section 5.1: consent expires 30 s after the last successful check. */
    public static final long CONSENT_TIMEOUT_NANOS = 30_000_000_000L;
    /** Remembered validated pairs; a browser checks a handful (host, srflx, relay, per network). */
    private static final int MAX_PAIRS = 16;

    /** The responder's lifecycle. */
    public enum State {
        /** No valid check yet. */
        WAITING,
        /** At least one pair validated; media may flow on the selected one. */
        CONNECTED,
        /** Consent expired (or never came): no more media. */
        EXPIRED
    }

    /** What the responder tells its transport. */
    public interface Listener {
        /** The pair media goes on changed (first validation, nomination, or a switch). */
        void selected(InetSocketAddress remote);

        /** Consent expired on the selected pair, or no check came within the timeout at all. */
        void consentExpired();
    }

    /** A response to send back on the socket the request came in on. */
    public interface Responder {
        void respond(byte[] response, InetSocketAddress to);
    }

    private final String owner;
    private final Listener listener;
    private final List<Pair> pairs = new ArrayList<>();
    private IceCredentials local;
    private String remoteUfrag;
    private State state = State.WAITING;
    private Pair selected;
    private boolean nominated;
    /** When the current remote credentials arrived, for the timeout before any check. */
    private long waitingSince;
    private long unauthorized;
    private long badRequests;
    private long checks;

    public IceLiteResponder(String owner, IceCredentials local, Listener listener, long nowNanos) {
        this.owner = owner;
        this.local = local;
        this.listener = listener;
        this.waitingSince = nowNanos;
    }

    /** Our credentials now (the SDP writes them). */
    public IceCredentials local() {
        return local;
    }

    /** The remote description gave the peer's ufrag (its password is not needed: we never send checks). */
    public void remote(String ufrag, long nowNanos) {
        if (remoteUfrag == null) {
            waitingSince = nowNanos;
        }
        this.remoteUfrag = ufrag;
    }

    /**
     * ICE restart (RFC 8445 section 9): new credentials on both sides. The selected pair keeps carrying media
     * (and its consent clock keeps running) until the browser's checks with the new credentials nominate one.
     */
    public void restart(IceCredentials newLocal, String newRemoteUfrag) {
        this.local = newLocal;
        this.remoteUfrag = newRemoteUfrag;
    }

    public State state() {
        return state;
    }

    /** The remote address media goes to, or null before any valid check. */
    public InetSocketAddress selected() {
        return selected == null ? null : selected.remote;
    }

    /** True when {@code from} passed a check: media and DTLS from it are accepted. */
    public boolean validated(InetSocketAddress from) {
        if (selected != null && (selected.remote == from || selected.remote.equals(from))) {
            return true;
        }
        return find(from) != null;
    }

    /**
     * Handles one STUN datagram from {@code from} (RFC 8445 section 7.3, RFC 8489 section 6.3): requests are
     * answered (success, 400 or 401), indications and responses are ignored.
     */
    public void receive(byte[] data, int length, InetSocketAddress from, long nowNanos, Responder responder) {
        StunCheck check = StunCodec.decode(data, length);
        if (check == null || state == State.EXPIRED) {
            return; // not STUN, or a FINGERPRINT mismatch (RFC 8489 section 7.3): silently discarded
        }
        if (!check.isBindingRequest()) {
            return; // Binding indications are keepalives (RFC 8445 section 11); we send no requests
        }
        checks++;
        // RFC 8489 section 9.1.3 step 1: without MESSAGE-INTEGRITY or USERNAME, 400
        if (check.integrityAt() < 0 || check.username() == null || !check.fingerprinted()) {
            badRequests++;
            responder.respond(StunCodec.bindingError(check.transactionId(), 400, "Bad Request", null), from);
            return;
        }
        // RFC 8445 section 7.3: the username is "our-ufrag:their-ufrag"; step 2 and 3 of 9.1.3: else 401
        int colon = check.username().indexOf(':');
        String ours = colon < 0 ? check.username() : check.username().substring(0, colon);
        if (!ours.equals(local.ufrag()) || !StunCodec.integrityValid(data, check, local.key())) {
            unauthorized++;
            LOG.debug("endpoint {}: check from {} with username {} failed integrity", owner, from, check.username());
            responder.respond(StunCodec.bindingError(check.transactionId(), 401, "Unauthorized", null), from);
            return;
        }
        if (!check.hasPriority()) {
            badRequests++; // RFC 8445 section 7.1.1: PRIORITY is mandatory in checks
            responder.respond(StunCodec.bindingError(check.transactionId(), 400, "Bad Request", local.key()), from);
            return;
        }
        responder.respond(StunCodec.bindingSuccess(check.transactionId(), from, local.key()), from);
        validate(from, check.useCandidate(), nowNanos);
    }

    /** RFC 8445 section 7.3.1.4 and 7.3.1.5 for a lite agent: the pair is valid; nominated with USE-CANDIDATE. */
    private void validate(InetSocketAddress from, boolean useCandidate, long nowNanos) {
        Pair pair = find(from);
        if (pair == null) {
            if (pairs.size() >= MAX_PAIRS) {
                pairs.remove(oldest());
            }
            pair = new Pair(from);
            pairs.add(pair);
        }
        pair.lastValid = nowNanos;
        state = State.CONNECTED;
        if (useCandidate && (selected != pair || !nominated)) {
            nominated = true;
            select(pair);
        } else if (selected == null) {
            select(pair); // not nominated yet: DTLS may start on the first valid pair
        }
    }

    private void select(Pair pair) {
        boolean changed = selected != pair;
        selected = pair;
        if (changed) {
            LOG.debug("endpoint {}: selected pair now {}", owner, pair.remote);
            listener.selected(pair.remote);
        }
    }

    /** RFC 7675: consent on the selected pair lasts 30 s from its last valid check. */
    public void tick(long nowNanos) {
        if (state == State.EXPIRED || remoteUfrag == null) {
            return;
        }
        long since = selected != null ? selected.lastValid : waitingSince;
        if (nowNanos - since >= CONSENT_TIMEOUT_NANOS) {
            state = State.EXPIRED;
            // debug only: the transport logs the failure once, at WARN
            LOG.debug("endpoint {}: {}", owner, selected == null ? "no ICE check within 30 s"
                    : "ICE consent expired on " + selected.remote + " (no check for 30 s)");
            listener.consentExpired();
        }
    }

    private Pair find(InetSocketAddress from) {
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            if (p.remote.equals(from)) {
                return p;
            }
        }
        return null;
    }

    private int oldest() {
        int at = 0;
        for (int i = 1; i < pairs.size(); i++) {
            if (pairs.get(i) != selected && pairs.get(i).lastValid - pairs.get(at).lastValid < 0) {
                at = i;
            }
        }
        return at;
    }

    public long checks() {
        return checks;
    }

    public long unauthorized() {
        return unauthorized;
    }

    public long badRequests() {
        return badRequests;
    }

    /** A validated candidate pair, known by the remote address (the local side is our one port). */
    private static final class Pair {
        final InetSocketAddress remote;
        long lastValid;

        Pair(InetSocketAddress remote) {
            this.remote = remote;
        }
    }
}

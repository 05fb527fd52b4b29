package io.switchboard.sip.api;

import java.util.Map;

/**
 * A running SIP edge: it listens on UDP, TCP and optionally TLS, accepts calls from the configured trunks and
 * hands each to its {@link CallHandler} as an {@link InboundCall}, and places calls through the trunks. Started
 * by {@code io.switchboard.sip.SipEdgeServer.start}; stopped once, by {@link #stop()} or {@link #close()}.
 */
public interface SipEdge extends AutoCloseable {

    /** The addresses the edge listens on, ephemeral ports resolved. */
    SipEdgeAddresses addresses();

    /**
     * Places a call through a trunk: INVITE to the trunk's first destination with {@code sdpOffer}, caller ID
     * in From and P-Asserted-Identity. Returns at once; {@code listener} (set before anything can happen) gets
     * trying, ringing, early media, answered or failed, then ended. Throws IllegalArgumentException for an
     * unknown trunk and IllegalStateException once the edge has stopped.
     */
    default CallLeg dial(String trunk, String number, String callerId, String sdpOffer, CallLegListener listener) {
        return dial(trunk, number, callerId, null, sdpOffer, listener);
    }

    /**
     * As {@link #dial(String, String, String, String, CallLegListener)}, presenting {@code callerName} (null for
     * none) as the display name of From and P-Asserted-Identity.
     */
    CallLeg dial(String trunk, String number, String callerId, String callerName, String sdpOffer,
                 CallLegListener listener);

    /**
     * Rings an agent's SIP phone: an INVITE with {@code sdpOffer} to every contact {@code username} registered,
     * at once (RFC 3261 section 16.7, a parallel fork); the first to answer wins and the others are cancelled.
     * The listener hears ringing, answered (once), failed (480 without a registration, else the best final
     * response of the branches) and ended, as for {@link #dial}. Throws IllegalStateException once stopped.
     */
    CallLeg ringPhone(String username, String callerId, String callerName, String sdpOffer, CallLegListener listener);

    /**
     * The agents' SIP phones that may register {@code sip:<username>@<us>} (RFC 3261 section 10): username to
     * HA1, all of one realm; replaces the previous set (a user left out loses its bindings), empty to answer
     * REGISTER 405 again. Throws IllegalArgumentException for users of several realms. Not from the SIP core loop.
     */
    void setPhoneUsers(Map<String, DigestSecret> users);

    /**
     * Replaces the trunks (a configuration reload), at once and without a restart: new calls and requests use the
     * new set (sources, digest users, destinations, credentials, limits); calls in progress on a changed or removed
     * trunk continue, their in-dialog requests served, until they end. Keepalives and registrations restart for
     * trunks that changed. Throws IllegalArgumentException, changing nothing, for a set the edge cannot run (a bad
     * destination, digest users of several realms). Not from the SIP core loop.
     */
    void setTrunks(java.util.List<TrunkDefinition> trunks);

    /** The phones registered now, username to contact URIs (expired bindings left out). */
    Map<String, java.util.List<String>> registrations();

    /** Counters and gauges for /metrics, names without a prefix, labels inline ("requests_total{method=\"BYE\"}"). */
    Map<String, Long> metrics();

    /** Stops listening and ends the event loops; live calls are dropped without BYE. A second stop does nothing. */
    void stop();

    /** As {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}

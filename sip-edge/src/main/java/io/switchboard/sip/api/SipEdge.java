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

package io.switchboard.sip.api;

/** Events of one call leg, delivered on the SIP core loop; every method defaults to doing nothing. */
public interface CallLegListener {
    /** Outbound: 100 Trying received. */
    default void onTrying() {
    }

    /** Outbound: 180 Ringing received. */
    default void onRinging() {
    }

    /** Outbound: 183 (or 18x) with SDP received. */
    default void onEarlyMedia(String sdp) {
    }

    /** Outbound: 200 OK received (the ACK is already sent). */
    default void onAnswered(String sdp) {
    }

    /** Outbound: the call failed before answer (final response, timeout as 408, or no route as 503). */
    default void onFailed(int statusCode, String reason) {
    }

    /** The leg ended: who ended it and why ("BYE", "CANCEL", "no ACK", ...). Called once per leg. */
    default void onEnded(Party who, String why) {
    }

    /** Which side ended a leg. */
    enum Party { LOCAL, REMOTE }
}

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

    /**
     * The far end offers new SDP in a re-INVITE or UPDATE (hold: a=sendonly, resume: a=sendrecv). Return the
     * answer (for hold, a=recvonly), or null to decline with 488 and keep the session as it was.
     */
    default String onRemoteOffer(String offerSdp) {
        return null;
    }

    /** Our {@link CallLeg#reOffer} was accepted; the far end's answer. */
    default void onRenegotiated(String answerSdp) {
    }

    /** Our {@link CallLeg#reOffer} was refused (the session stays as it was). */
    default void onRenegotiationFailed(int statusCode) {
    }

    /** The leg ended: who ended it and why ("BYE", "CANCEL", "no ACK", ...). Called once per leg. */
    default void onEnded(Party who, String why) {
    }

    /** Which side ended a leg. */
    enum Party { LOCAL, REMOTE }
}

package io.switchboard.sip.api;

/**
 * A call leg that arrived from a trunk and waits for our answer: the UAS actions of RFC 3261 section 13.3.
 * Each may be called from any thread and runs on the SIP core loop; once the final response is sent (our answer
 * or reject, or 487 to the far end's CANCEL) or the leg has ended, a later ring, earlyMedia, answer or reject is
 * ignored (and logged).
 */
public interface InboundCall extends CallLeg {
    /** 180 Ringing. */
    void ring();

    /** 183 Session Progress with our SDP answer. */
    void earlyMedia(String sdp);

    /** 200 OK with our SDP answer. */
    void answer(String sdp);

    /**
     * Before answer: a final failure response, 300-699 (an IllegalArgumentException for any other code).
     * After answer there is nothing to reject: {@link #hangUp()} ends the call.
     */
    void reject(int statusCode);

    /**
     * Before answer: 404 Not Found for a called number nothing here serves, reported as an
     * {@link SecurityEvent.Type#UNAUTHORISED_DESTINATION} security event with {@code detail} (say which number
     * and why). As {@link #reject(int)} otherwise.
     */
    default void rejectUnauthorisedDestination(String detail) {
        reject(404);
    }
}

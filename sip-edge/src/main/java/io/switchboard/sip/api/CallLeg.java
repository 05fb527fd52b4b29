package io.switchboard.sip.api;

/**
 * One side of a call as the edge's B2BUA sees it: an inbound leg from a trunk (an {@link InboundCall}, which
 * adds the answering actions), or an outbound leg the edge dialled. SDP travels as text; the media relay owns
 * offer/answer. Actions may be called from any thread and run on the SIP core loop; an action that does not
 * fit the leg's state is ignored (and logged), never thrown, because the far end can change the state at any
 * moment.
 */
public interface CallLeg {
    /** Edge-unique id for logs and routing (not the SIP Call-ID). */
    String id();

    /** The SIP Call-ID, for logs and correlation with traces. */
    String callId();

    Direction direction();

    /** The trunk this leg came from or goes to. */
    String trunk();

    /** The calling number, normalised to E.164 where the trunk's rules allow. */
    String caller();

    /** The caller's display name from the From header, or null. */
    String callerName();

    /** The called number (the DID for an inbound leg), normalised to E.164 where possible. */
    String called();

    /** The far end's latest SDP (the offer of an inbound INVITE, the answer of an outbound one), or null. */
    String remoteSdp();

    CallState state();

    /** Events of this leg go to {@code listener}, on the SIP core loop; set it before returning from the handler. */
    void setListener(CallLegListener listener);

    /**
     * Answered legs: offers new SDP (hold with a=sendonly, resume with a=sendrecv) in an UPDATE when the far end
     * listed UPDATE in its Allow header (RFC 3311), else in a re-INVITE; the listener hears onRenegotiated or
     * onRenegotiationFailed. Crossed offers (491) are retried per RFC 3261. While another offer is open, or on a leg
     * not (or no longer) answered, nothing is sent and the listener hears onRenegotiationFailed(491).
     */
    void reOffer(String sdp);

    /**
     * Ends the leg whatever its state: BYE once confirmed, CANCEL while an outbound leg rings, 480 for an
     * inbound leg not yet answered.
     */
    void hangUp();

    /** Which way the call was set up. */
    enum Direction { INBOUND, OUTBOUND }
}

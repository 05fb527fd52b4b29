package io.switchboard.sip.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Events of one call leg, delivered on the SIP core loop; every method defaults to doing nothing. */
public interface CallLegListener {
    /** How long the edge waits for the answer to a far end's offer before it answers 500 and gives up. */
    Duration REMOTE_OFFER_ANSWER_LIMIT = Duration.ofSeconds(5);

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
     * The far end offers new SDP in a re-INVITE or UPDATE (hold: a=sendonly, resume: a=sendrecv). Complete the
     * stage, from any thread, with the answer (for hold, a=recvonly): the edge sends it in a 200. Completed with
     * null the offer is declined with 488 and the session stays as it was; failed, or not completed within
     * {@link #REMOTE_OFFER_ANSWER_LIMIT}, the request gets 500 with Retry-After. Until then the request is kept
     * open (an INVITE had its 100 Trying); a BYE or the leg's end meanwhile answers it 487 and the late answer is
     * dropped.
     */
    default CompletionStage<String> onRemoteOffer(String offerSdp) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The edge gave up on an offer it had handed to {@link #onRemoteOffer} (the far end cancelled its re-INVITE,
     * or the answer took longer than the limit): the session stays as it was, described by {@code remoteSdp}, the
     * far end's description in force. Undo whatever the pending answer changed.
     */
    default void onRemoteOfferWithdrawn(String remoteSdp) {
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

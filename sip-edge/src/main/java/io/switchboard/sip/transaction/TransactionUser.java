package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;

/** The layer above transactions (the UA core, RFC 3261 section 8): what the transaction layer hands up. */
public interface TransactionUser {
    /** A new request (never a retransmission, never an ACK) with its server transaction. */
    void onRequest(ServerTransaction transaction, SipMessage request);

    /**
     * An ACK for a 2xx: it matches no transaction (section 17.2.3), or it reached an INVITE server
     * transaction in the Accepted state, which passes it up (RFC 6026 section 8.7).
     */
    void onAck(SipMessage ack, SipFlow flow);

    /**
     * A response that matched no client transaction; a 2xx to an INVITE arriving after the client transaction
     * ended must still be ACKed by the TU (RFC 3261 section 13.2.2.4).
     */
    void onStrayResponse(SipMessage response, SipFlow flow);

    /** An INVITE server transaction sent a non-2xx final response and no ACK came (Timer H). */
    default void onAckTimeout(InviteServerTransaction transaction) {
    }
}

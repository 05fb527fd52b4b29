package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;

/** Receives what happens to a request the TU sent through a client transaction. */
public interface ClientTransactionListener {
    /** Every response the TU must see: provisional, final, and for INVITE each 2xx retransmission. */
    void onResponse(ClientTransaction transaction, SipMessage response);

    /** Timer B or F fired: no final response (the TU treats it as a 408, RFC 3261 section 8.1.3.1). */
    void onTimeout(ClientTransaction transaction);
}

package io.switchboard.sip.transport;

import io.switchboard.sip.codec.SipMessage;

/** Receives every parsed inbound message, on the SIP core event loop. */
public interface InboundListener {
    void onMessage(SipMessage message, SipFlow flow);
}

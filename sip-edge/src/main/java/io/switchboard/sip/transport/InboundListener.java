package io.switchboard.sip.transport;

import io.switchboard.sip.codec.SipMessage;

/** Receives every parsed inbound message, on the SIP core event loop. */
public interface InboundListener {
    void onMessage(SipMessage message, SipFlow flow);

    /**
     * A message the parser refused (already answered 400, 505 or 513 when it had a usable Via and its source is
     * answered, else dropped).
     *
     * @param method the request's method when it could be read, else null
     * @param callId its Call-ID when it could be read, else null
     * @param problem what was wrong, in words
     */
    default void onMalformed(SipFlow flow, String method, String callId, String problem) {
    }
}

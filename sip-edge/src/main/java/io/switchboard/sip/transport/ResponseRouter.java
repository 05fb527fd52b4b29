package io.switchboard.sip.transport;

import io.switchboard.sip.codec.SipMessage;

/** Sends a response where RFC 3261 section 18.2.2 and RFC 3581 say it goes. */
public interface ResponseRouter {
    void sendResponse(SipMessage response, SipFlow requestFlow);
}

package io.switchboard.sip.transport;

import io.switchboard.sip.codec.SipMessage;

/** Decides where a response goes, as RFC 3261 section 18.2.2 and RFC 3581 say. */
public interface ResponseRouter {
    /** The flow a response to a request that arrived on {@code requestFlow} is sent on, or null if none is left. */
    SipFlow responseFlow(SipMessage response, SipFlow requestFlow);

    /** Encodes and sends; a response with nowhere to go is counted and dropped. */
    default void sendResponse(SipMessage response, SipFlow requestFlow) {
        SipFlow flow = responseFlow(response, requestFlow);
        if (flow != null) {
            flow.send(response.encode());
        }
    }
}

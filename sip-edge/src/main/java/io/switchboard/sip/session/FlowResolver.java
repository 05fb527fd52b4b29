package io.switchboard.sip.session;

import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.SipTarget;

/** Turns a request target into a flow; the transports in production, a loopback in tests. */
public interface FlowResolver {
    SipFlow flowTo(SipTarget target);
}

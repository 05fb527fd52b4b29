package io.switchboard.server;

import io.switchboard.routing.call.Dialer;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.SipEdge;

/** The contact center's outbound calls through the SIP edge: trunk calls, and agents' registered SIP phones. */
final class EdgeDialer implements Dialer {
    private final SipEdge edge;

    EdgeDialer(SipEdge edge) {
        this.edge = edge;
    }

    @Override
    public CallLeg dial(String trunk, String number, String callerId, String callerName, String sdpOffer,
                        CallLegListener listener) {
        return edge.dial(trunk, number, callerId, callerName, sdpOffer, listener);
    }

    @Override
    public CallLeg ringPhone(String username, String callerId, String callerName, String sdpOffer,
                             CallLegListener listener) {
        return edge.ringPhone(username, callerId, callerName, sdpOffer, listener);
    }
}

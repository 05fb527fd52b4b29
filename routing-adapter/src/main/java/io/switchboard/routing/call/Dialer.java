package io.switchboard.routing.call;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;

/** Places outbound calls: the SIP edge's {@code dial}, handed over once the edge runs. */
@FunctionalInterface
public interface Dialer {
    /**
     * As {@code SipEdge.dial}: returns at once, events go to {@code listener}; throws for an unknown trunk.
     * {@code callerName} is the display name presented with {@code callerId}, or null.
     */
    CallLeg dial(String trunk, String number, String callerId, String callerName, String sdpOffer,
                 CallLegListener listener);

    /**
     * As {@code SipEdge.ringPhone}: rings every contact the agent {@code username}'s SIP phone registered;
     * events go to {@code listener}. A dialer without SIP phones throws UnsupportedOperationException.
     */
    default CallLeg ringPhone(String username, String callerId, String callerName, String sdpOffer,
                              CallLegListener listener) {
        throw new UnsupportedOperationException("this dialer reaches no SIP phones");
    }
}

package io.switchboard.routing.call;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.InboundCall;
import java.util.Objects;

/**
 * The customer of an outbound contact, seen by its {@link Call} as the caller's leg is: the leg our INVITE
 * creates once the agent's phone answered. Until then it holds only the call id its media endpoints are
 * pinned by and the numbers; the UAS actions of {@link InboundCall} do nothing, as the customer answers us,
 * not we them. Owned by the contact center's loop.
 */
final class DialledCustomer implements InboundCall {

    private final String callId;
    private final String trunk;
    private final String callerId;
    private final String number;
    /** The dialled leg, once the customer is dialled; null before. */
    private CallLeg leg;
    private boolean hungUp;

    DialledCustomer(String callId, String trunk, String callerId, String number) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.trunk = trunk;
        this.callerId = callerId;
        this.number = number;
    }

    /** The INVITE to the customer went out as {@code dialled}; hung up at once if the call ended meanwhile. */
    void dialled(CallLeg dialled) {
        leg = dialled;
        if (hungUp) {
            dialled.hangUp();
        }
    }

    @Override
    public String id() {
        return leg == null ? callId : leg.id();
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public Direction direction() {
        return Direction.OUTBOUND;
    }

    @Override
    public String trunk() {
        return trunk;
    }

    /** The caller ID presented to the customer. */
    @Override
    public String caller() {
        return callerId;
    }

    @Override
    public String callerName() {
        return null;
    }

    /** The customer's number. */
    @Override
    public String called() {
        return number;
    }

    @Override
    public String remoteSdp() {
        return leg == null ? null : leg.remoteSdp();
    }

    @Override
    public CallState state() {
        return leg == null ? null : leg.state();
    }

    @Override
    public void setListener(CallLegListener listener) {
        throw new UnsupportedOperationException("the dialled customer's listener is given when it is dialled");
    }

    @Override
    public void reOffer(String sdp) {
        if (leg != null) {
            leg.reOffer(sdp);
        }
    }

    /** Hangs the customer up: CANCEL while it rings, BYE once answered; remembered if not dialled yet. */
    @Override
    public void hangUp() {
        hungUp = true;
        if (leg != null) {
            leg.hangUp();
        }
    }

    @Override
    public void ring() {
    }

    @Override
    public void earlyMedia(String sdp) {
    }

    @Override
    public void answer(String sdp) {
    }

    @Override
    public void reject(int statusCode) {
        hangUp();
    }
}

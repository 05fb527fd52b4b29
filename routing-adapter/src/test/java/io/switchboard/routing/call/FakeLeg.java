package io.switchboard.routing.call;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.InboundCall;

/** An inbound leg that records what the handler did with it. */
final class FakeLeg implements InboundCall {

    static final String OFFER = "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    private final String called;
    private final String offer;
    volatile CallLegListener listener;
    volatile String answeredSdp;
    volatile int rejectedWith;
    /** The detail of a rejection as an unauthorised destination, or null. */
    volatile String unauthorisedDestination;
    volatile boolean hungUp;

    FakeLeg(String called) {
        this(called, OFFER);
    }

    FakeLeg(String called, String offer) {
        this.called = called;
        this.offer = offer;
    }

    @Override
    public String id() {
        return "in-1";
    }

    @Override
    public String callId() {
        return "call-1@test";
    }

    @Override
    public Direction direction() {
        return Direction.INBOUND;
    }

    @Override
    public String trunk() {
        return "demo-trunk";
    }

    @Override
    public String caller() {
        return "+15557654321";
    }

    @Override
    public String callerName() {
        return null;
    }

    @Override
    public String called() {
        return called;
    }

    @Override
    public String remoteSdp() {
        return offer;
    }

    @Override
    public CallState state() {
        return hungUp ? CallState.ENDED : answeredSdp != null ? CallState.ANSWERED : CallState.INITIAL;
    }

    @Override
    public void setListener(CallLegListener value) {
        this.listener = value;
    }

    @Override
    public void ring() {
    }

    @Override
    public void earlyMedia(String sdp) {
    }

    @Override
    public void answer(String sdp) {
        this.answeredSdp = sdp;
    }

    @Override
    public void reject(int statusCode) {
        this.rejectedWith = statusCode;
    }

    @Override
    public void rejectUnauthorisedDestination(String detail) {
        this.unauthorisedDestination = detail;
        this.rejectedWith = 404;
    }

    @Override
    public void reOffer(String sdp) {
        throw new UnsupportedOperationException("the voice wiring never re-offers yet");
    }

    @Override
    public void hangUp() {
        this.hungUp = true;
    }
}

package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.sip.api.InboundCall;
import java.util.EnumSet;
import java.util.Set;

/**
 * The caller's side of a call: the inbound SIP leg and, once the relay answered its offer, the caller's media
 * endpoint. Owned by the contact center's loop.
 */
final class CustomerLeg {

    /** The leg's lifecycle; each state names the states it may move to. */
    enum State {
        /** The trunk's INVITE is ours; the relay is answering its offer. */
        OFFERED,
        /** 200 OK sent with the relay's answer; the flow runs. */
        ANSWERED,
        /**
         * The caller hung up; the endpoint stays until the contact's record is written and the call is
         * released (nothing is signalled then: the far end is gone).
         */
        LEFT,
        /** Refused, hung up by either side, or released: final. */
        ENDED;

        Set<State> next() {
            return switch (this) {
                case OFFERED -> EnumSet.of(ANSWERED, LEFT, ENDED);
                case ANSWERED -> EnumSet.of(LEFT, ENDED);
                case LEFT -> EnumSet.of(ENDED);
                case ENDED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final InboundCall sip;
    private State state = State.OFFERED;
    private EndpointId endpoint;

    CustomerLeg(InboundCall sip) {
        this.sip = sip;
    }

    InboundCall sip() {
        return sip;
    }

    State state() {
        return state;
    }

    /** The caller's media endpoint, null before the relay answered and after the caller left. */
    EndpointId endpoint() {
        return state == State.ENDED || state == State.LEFT ? null : endpoint;
    }

    /** The far end hung up: nothing will be signalled to it; the endpoint goes at the release. */
    void left() {
        moveTo(State.LEFT);
    }

    /** The endpoint even after the end, for the teardown that destroys it. */
    EndpointId endpointToDestroy() {
        return endpoint;
    }

    /** The relay answered the offer with {@code endpoint}: the leg is answered with {@code sdp}. */
    void answer(EndpointId id, String sdp) {
        moveTo(State.ANSWERED);
        this.endpoint = id;
        sip.answer(sdp);
    }

    /** Ends the leg; {@code signal} says what the far end is told (nothing when it already left). */
    void end(Signal signal, int refuseStatus) {
        State before = state;
        moveTo(State.ENDED);
        if (before == State.LEFT) {
            return;
        }
        switch (signal) {
            case HANG_UP -> sip.hangUp();
            case REFUSE -> {
                if (before == State.OFFERED) {
                    sip.reject(refuseStatus);
                } else {
                    sip.hangUp();
                }
            }
            case NONE -> {
            }
        }
    }

    /** What the far end hears when the leg ends. */
    enum Signal {
        /** BYE once answered, 480 before (the edge's rule). */
        HANG_UP,
        /** A final failure response before answer. */
        REFUSE,
        /** Nothing: it left first. */
        NONE
    }

    private void moveTo(State target) {
        if (!state.next().contains(target)) {
            throw new IllegalStateException("customer leg " + sip.id() + ": " + state + " -> " + target);
        }
        state = target;
    }
}

package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contact offered to a desk-phone or SIP-phone agent: a relay endpoint offered for the agent's leg (the
 * caller's call id, so both sit on one media loop), the INVITE to the agent's number through their trunk, or
 * to every contact their SIP phone registered, and on answer the answer applied, the whispers played (the
 * agent's to the phone, then the customer's to the caller) and the caller bridged to the agent. The phone
 * answering is the agent accepting; no answer within the offer time, busy, no registration or any failure is
 * a missed offer. Owned by the contact center's loop, like the call it belongs to; what the agent and the
 * contact become is the {@link Outcome}'s business.
 */
final class AgentLeg implements CallLegListener, AgentSide {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLeg.class);

    /** The leg's lifecycle; each state names the states it may move to. */
    enum State {
        /** Waiting for the relay's endpoint for the agent's leg. */
        OFFERING,
        /** The agent's phone is being called. */
        RINGING,
        /** The phone answered; its answer is being applied. */
        ANSWERING,
        /**
         * The agent has the contact: the agent whisper plays to the agent, then the customer whisper to the
         * caller; the two are bridged once both ended.
         */
        WHISPERING,
        /** Bridged to the caller. */
        CONNECTED,
        /** The agent put the caller on hold: unbridged, the caller hears the hold flow. */
        HELD,
        /** Missed, cancelled, or hung up: final. */
        ENDED;

        Set<State> next() {
            return switch (this) {
                case OFFERING -> EnumSet.of(RINGING, ENDED);
                case RINGING -> EnumSet.of(ANSWERING, ENDED);
                case ANSWERING -> EnumSet.of(WHISPERING, ENDED);
                case WHISPERING -> EnumSet.of(CONNECTED, ENDED);
                case CONNECTED -> EnumSet.of(HELD, ENDED);
                case HELD -> EnumSet.of(CONNECTED, ENDED);
                case ENDED -> EnumSet.of(ENDED);
            };
        }
    }

    /** What the agent leg's end means for the agent and the contact; decided by the routing. */
    interface Outcome {
        /** The phone answered: the agent has the contact, the whispers are to play before the bridge. */
        void answered(AgentLeg leg);

        /** The whispers ended and the caller is bridged to the phone. */
        void connected(AgentLeg leg);

        /** No answer in time, busy, or failed before answer: the offer is missed. */
        void missed(AgentLeg leg, String why);

        /** The agent hung up after the connect: the contact ends. */
        void agentLeft(AgentLeg leg);

        /** The caller left (or the call was torn down): {@code wasConnected} says whether they had talked. */
        void customerLeft(AgentLeg leg, boolean wasConnected);
    }

    private final Call customer;
    private final String agent;
    private final LoopRelay relay;
    private final ContactCenterLoop loop;
    private final Outcome outcome;
    private final Duration offerTime;
    private State state = State.OFFERING;
    private EndpointId endpoint;
    private CallLeg leg;
    private Cancellable noAnswer;

    AgentLeg(Call customer, String agent, LoopRelay relay, ContactCenterLoop loop, Outcome outcome,
             Duration offerTime) {
        this.customer = customer;
        this.agent = agent;
        this.relay = relay;
        this.loop = loop;
        this.outcome = outcome;
        this.offerTime = offerTime;
    }

    @Override
    public Call customer() {
        return customer;
    }

    @Override
    public String agent() {
        return agent;
    }

    State state() {
        return state;
    }

    private void moveTo(State target) {
        if (!state.next().contains(target)) {
            throw new IllegalStateException("agent leg of " + agent + ": " + state + " -> " + target);
        }
        state = target;
    }

    /**
     * Offers media for the agent's leg (admitting RTP sources as {@code sources} says), then calls
     * {@code number} through {@code trunk} as {@code callerId}.
     */
    void start(Dialer dialer, String trunk, MediaSourcePolicy sources, String number, String callerId) {
        place(sources, (sdp, events) -> dialer.dial(trunk, number, callerId, null, sdp, events),
                "cannot dial " + number + " through trunk " + trunk, "ringing " + number + " through trunk " + trunk);
    }

    /** Offers media for the agent's leg, then rings every contact the agent's SIP phone registered. */
    void startOnPhone(Dialer dialer, String username, String callerId) {
        place(MediaSourcePolicy.LEARN_BEHIND_NAT, (sdp, events) -> dialer.ringPhone(username, callerId, null, sdp, events),
                "cannot ring the SIP phone of " + username, "ringing their registered SIP phone");
    }

    /** How the agent's phone is called, given our SDP offer and the events' listener. */
    private interface Placement {
        CallLeg call(String sdpOffer, CallLegListener events);
    }

    private void place(MediaSourcePolicy sources, Placement placement, String cannot, String ringing) {
        noAnswer = loop.schedule(offerTime, () -> miss("no answer within " + offerTime.toSeconds() + " s"));
        relay.offer(customer.leg().callId(), sources).whenComplete((media, error) -> {
            if (error != null) {
                miss("no media endpoint for the agent's leg: " + LoopRelay.rootMessage(error));
                return;
            }
            endpoint = media.id();
            if (state == State.ENDED) {
                releaseMedia();
                return;
            }
            try {
                leg = placement.call(media.localSdp(), new SipLegEvents(loop, this));
            } catch (RuntimeException e) {
                miss(cannot + ": " + e.getMessage());
                return;
            }
            moveTo(State.RINGING);
            customer.log("contact {}: offered to {}, {}", customer.contact(), agent, ringing);
        });
    }

    @Override
    public void onAnswered(String sdp) {
        if (state != State.RINGING) {
            return;
        }
        moveTo(State.ANSWERING);
        cancelNoAnswer();
        EndpointId caller = customer.endpoint();
        CompletableFuture<Void> media = sdp == null
                ? CompletableFuture.failedFuture(new IllegalStateException("the answer has no SDP"))
                : relay.acceptAnswer(endpoint, sdp);
        media.whenComplete((v, error) -> {
            if (state != State.ANSWERING) {
                return;
            }
            if (error != null) {
                miss("cannot apply the answer of the agent's phone: " + LoopRelay.rootMessage(error));
                return;
            }
            moveTo(State.WHISPERING);
            customer.log("contact {}: {} answered; whispers play", customer.contact(), agent);
            outcome.answered(this);
        });
    }

    /** The agent's media endpoint while the phone is offered or connected (whispers play to it); else null. */
    @Override
    public EndpointId endpoint() {
        return endpoint;
    }

    /** Whether the whispers are still playing (the agent cannot hold the caller yet). */
    @Override
    public boolean whispering() {
        return state == State.WHISPERING;
    }

    /** Both whispers ended: the caller is bridged to the agent's phone. */
    void whispersDone() {
        if (state != State.WHISPERING) {
            return;
        }
        relay.bridge(customer.endpoint(), endpoint).whenComplete((v, error) -> {
            if (state != State.WHISPERING) {
                return;
            }
            if (error != null) {
                customer.warn("contact {}: cannot bridge {}'s phone: {}", customer.contact(), agent,
                        LoopRelay.rootMessage(error));
                hangUpByAgent();
                return;
            }
            moveTo(State.CONNECTED);
            customer.log("contact {}: {} bridged", customer.contact(), agent);
            outcome.connected(this);
        });
    }

    /**
     * The agent holds the caller: the two are unbridged (the caller's hold flow is the routing's business);
     * completes once the relay did it.
     */
    @Override
    public CompletableFuture<Void> hold() {
        moveTo(State.HELD);
        return relay.unbridge(customer.endpoint());
    }

    /** The agent takes the caller back: bridged again. */
    @Override
    public CompletableFuture<Void> resume() {
        moveTo(State.CONNECTED);
        return relay.bridge(customer.endpoint(), endpoint);
    }

    /** The agent hangs up from their desk: the phone gets a BYE and the contact ends as if they hung up there. */
    @Override
    public void hangUpByAgent() {
        if (!hasContact()) {
            return;
        }
        end();
        customer.log("contact {}: {} hung up from the desk", customer.contact(), agent);
        outcome.agentLeft(this);
    }

    @Override
    public void onFailed(int statusCode, String reason) {
        miss("the phone answered " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    /** The phone's hold and resume are the phone's business: its endpoint answers them as a caller's would. */
    @Override
    public CompletionStage<String> onRemoteOffer(String offerSdp) {
        return endpoint == null || state == State.ENDED ? CompletableFuture.completedFuture(null)
                : relay.update(endpoint, offerSdp).handle((answer, error) -> error == null ? answer : null);
    }

    @Override
    public void onEnded(Party who, String why) {
        if (state == State.ENDED) {
            return;
        }
        boolean wasConnected = hasContact();
        end();
        if (wasConnected) {
            customer.log("contact {}: {} hung up ({} {})", customer.contact(), agent, who, why);
            outcome.agentLeft(this);
        } else {
            outcome.missed(this, "the call to the phone ended before answer: " + why);
        }
    }

    /** The caller's call is torn down: the agent's phone is hung up. */
    @Override
    public void customerGone() {
        if (state == State.ENDED) {
            return;
        }
        boolean wasConnected = hasContact();
        end();
        outcome.customerLeft(this, wasConnected);
    }

    /** Whether the agent has the contact: answered, whether still whispering, bridged or holding. */
    private boolean hasContact() {
        return state == State.WHISPERING || state == State.CONNECTED || state == State.HELD;
    }

    private void miss(String why) {
        if (state == State.ENDED || hasContact()) {
            return;
        }
        end();
        customer.log("contact {}: offer to {} missed: {}", customer.contact(), agent, why);
        outcome.missed(this, why);
    }

    /** Ends the leg once: the phone is hung up (CANCEL while it rings), the agent's endpoint released. */
    private void end() {
        moveTo(State.ENDED);
        cancelNoAnswer();
        if (leg != null) {
            leg.hangUp();
        }
        releaseMedia();
        customer.detachAgent(this);
    }

    private void cancelNoAnswer() {
        if (noAnswer != null) {
            noAnswer.cancel();
            noAnswer = null;
        }
    }

    private void releaseMedia() {
        EndpointId own = endpoint;
        if (own == null) {
            return;
        }
        endpoint = null;
        relay.unbridge(own).handle((v, e) -> null).thenCompose(v -> relay.destroy(own)).handle((v, e) -> {
            if (e != null) {
                LOG.debug("agent endpoint {} already gone: {}", own, e.toString());
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "offer of " + customer + " to " + agent;
    }
}

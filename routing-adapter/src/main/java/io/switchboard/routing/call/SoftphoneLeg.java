package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A contact offered to a softphone agent, then connected to them: the caller's endpoint bridged to the
 * agent's persistent WebRTC endpoint ({@link Softphones}), which belongs to the agent's connection and
 * outlives this leg. The agent accepting (or auto-accept) bridges at once, without a new negotiation. When
 * the agent's media goes away during the call (the page reloaded, the socket dropped, ICE consent lost) the
 * caller is unbridged and hears the hold flow until media comes back; {@link #mediaBack} bridges the new
 * endpoint. Owned by the contact center's loop, like the call it belongs to.
 */
final class SoftphoneLeg implements AgentSide {

    /** The leg's lifecycle; each state names the states it may move to. */
    enum State {
        /** Offered, ringing on the agent's panel. */
        OFFERED,
        /** Accepted: the caller is being bridged to the agent's endpoint. */
        CONNECTING,
        /** Talking (bridged whenever the agent's media is there). */
        CONNECTED,
        /** The agent holds the caller: unbridged, the caller hears the hold flow. */
        HELD,
        /** Missed, rejected, hung up or the caller left: final. */
        ENDED;

        Set<State> next() {
            return switch (this) {
                case OFFERED -> EnumSet.of(CONNECTING, ENDED);
                case CONNECTING -> EnumSet.of(CONNECTED, ENDED);
                case CONNECTED -> EnumSet.of(HELD, ENDED);
                case HELD -> EnumSet.of(CONNECTED, ENDED);
                case ENDED -> EnumSet.of(ENDED);
            };
        }
    }

    /** What the leg's steps mean for the agent and the contact; decided by the routing. */
    interface Outcome {
        /** The caller is bridged to the agent's softphone. */
        void connected(SoftphoneLeg leg);

        /** The accepted contact could not be bridged: the agent is in Error, the caller back in line. */
        void failed(SoftphoneLeg leg, String why);

        /** The agent hung up: the contact ends. */
        void agentLeft(SoftphoneLeg leg);

        /** The caller left, or the call was torn down. */
        void customerLeft(SoftphoneLeg leg, boolean wasConnected);

        /** The agent's media went away while the caller was with them: the caller should hear hold audio. */
        void mediaLost(SoftphoneLeg leg);

        /** The agent's media is back on a talking call: the hold audio stops before the bridge. */
        void mediaBack(SoftphoneLeg leg);

        /**
         * The agent's media did not come back within the reconnect window and the caller is to be served again:
         * the leg is over, the caller still there (requeued, for an inbound contact).
         */
        void abandoned(SoftphoneLeg leg);
    }

    private final Call customer;
    private final String agent;
    private final LoopRelay relay;
    private final Outcome outcome;
    private State state = State.OFFERED;
    /** The agent's endpoint while their media is up; null while it is away. */
    private EndpointId media;

    SoftphoneLeg(Call customer, String agent, LoopRelay relay, Outcome outcome) {
        this.customer = customer;
        this.agent = agent;
        this.relay = relay;
        this.outcome = outcome;
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

    /** True while the caller is with the agent (talking or held). */
    boolean connected() {
        return state == State.CONNECTED || state == State.HELD;
    }

    /** True while the agent's media is away on a connected call (the caller hears hold audio). */
    boolean paused() {
        return connected() && media == null;
    }

    private void moveTo(State target) {
        if (!state.next().contains(target)) {
            throw new IllegalStateException("softphone leg of " + agent + ": " + state + " -> " + target);
        }
        state = target;
    }

    /**
     * The agent accepted: bridges the caller to {@code endpoint}, the agent's softphone. Completes once
     * connected (or the leg ended meanwhile), exceptionally when the bridge failed.
     */
    CompletableFuture<Void> connect(EndpointId endpoint) {
        moveTo(State.CONNECTING);
        media = endpoint;
        return relay.bridge(customer.endpoint(), endpoint).handle((v, error) -> {
            if (state != State.CONNECTING) {
                return null;
            }
            if (error != null) {
                end();
                String why = "cannot bridge the caller to the softphone: " + LoopRelay.rootMessage(error);
                outcome.failed(this, why);
                throw new io.switchboard.routing.agent.AgentRequestException(
                        io.switchboard.routing.agent.AgentRequestException.Reason.MEDIA_FAILED, why);
            }
            moveTo(State.CONNECTED);
            customer.log("contact {}: {} accepted; bridged to the softphone", customer.contact(), agent);
            outcome.connected(this);
            return null;
        });
    }

    /** The offer ends unanswered (missed or rejected): the leg is over, nothing was bridged. */
    void withdraw() {
        if (state == State.OFFERED) {
            end();
        }
    }

    @Override
    public CompletableFuture<Void> hold() {
        moveTo(State.HELD);
        return media == null ? CompletableFuture.completedFuture(null) : relay.unbridge(customer.endpoint());
    }

    @Override
    public CompletableFuture<Void> resume() {
        moveTo(State.CONNECTED);
        return media == null ? CompletableFuture.completedFuture(null) : relay.bridge(customer.endpoint(), media);
    }

    @Override
    public void hangUpByAgent() {
        if (!connected()) {
            return;
        }
        end();
        customer.log("contact {}: {} hung up from the softphone", customer.contact(), agent);
        outcome.agentLeft(this);
    }

    @Override
    public void customerGone() {
        if (state == State.ENDED) {
            return;
        }
        boolean wasConnected = connected();
        end();
        outcome.customerLeft(this, wasConnected);
    }

    /** The agent did not come back within the reconnect window: the leg ends, the caller stays for the routing. */
    void abandon() {
        if (!paused()) {
            return;
        }
        end();
        customer.log("contact {}: {}'s softphone did not come back; the agent's part ends", customer.contact(), agent);
        outcome.abandoned(this);
    }

    /** The agent's endpoint is gone (socket dropped, page reloaded, transport failed). */
    void mediaLost() {
        if (media == null || state == State.ENDED) {
            return;
        }
        boolean talking = state == State.CONNECTED;
        media = null;
        if (talking) {
            relay.unbridge(customer.endpoint());
            customer.log("contact {}: {}'s softphone media is gone; the caller hears hold audio", customer.contact(),
                    agent);
            outcome.mediaLost(this);
        }
    }

    /** The agent's media is back on {@code endpoint} (a new one after a reload): bridged again if talking. */
    void mediaBack(EndpointId endpoint) {
        if (!connected()) {
            return;
        }
        media = endpoint;
        if (state == State.CONNECTED) {
            outcome.mediaBack(this);
            relay.bridge(customer.endpoint(), endpoint).whenComplete((v, error) -> {
                if (error != null) {
                    customer.warn("contact {}: cannot bridge the caller to {}'s new media: {}", customer.contact(),
                            agent, LoopRelay.rootMessage(error));
                } else {
                    customer.log("contact {}: {}'s softphone media is back; bridged", customer.contact(), agent);
                }
            });
        }
    }

    /** Ends the leg once: unbridges the caller; the agent's endpoint stays, it is the agent's, not the call's. */
    private void end() {
        boolean bridged = media != null && (state == State.CONNECTED || state == State.CONNECTING);
        moveTo(State.ENDED);
        if (bridged && customer.endpoint() != null) {
            relay.unbridge(media).handle((v, e) -> null);
        }
        media = null;
        customer.detachAgent(this);
    }

    @Override
    public String toString() {
        return "softphone offer of " + customer + " to " + agent;
    }
}

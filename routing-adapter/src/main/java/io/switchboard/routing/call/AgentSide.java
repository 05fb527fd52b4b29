package io.switchboard.routing.call;

import java.util.concurrent.CompletableFuture;

/**
 * The agent's end of a call while a contact is offered to them or connected: a desk phone dialled through a
 * trunk ({@link AgentLeg}) or the agent's browser softphone ({@link SoftphoneLeg}). Hold, resume and hang-up
 * mean the same for both; on the contact center's loop.
 */
interface AgentSide {

    /** The agent this end belongs to. */
    String agent();

    /** The customer's call. */
    Call customer();

    /** Unbridges the caller from the agent (the hold flow is the routing's business). */
    CompletableFuture<Void> hold();

    /** Bridges the held caller to the agent again. */
    CompletableFuture<Void> resume();

    /** The agent hangs up from their desk: the contact ends as if they hung up their phone. */
    void hangUpByAgent();

    /** The caller's call is torn down: the agent's end goes too. */
    void customerGone();

    /**
     * The relay endpoint of the agent's side that belongs to this leg, where the agent whisper plays; null when
     * the agent's media is not the leg's own (a softphone's persistent endpoint outlives its contacts).
     */
    default io.switchboard.media.api.EndpointId endpoint() {
        return null;
    }

    /** True while the whispers play before the bridge (the agent cannot hold yet). */
    default boolean whispering() {
        return false;
    }
}

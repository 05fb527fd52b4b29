package io.switchboard.routing.call;

/**
 * What one attempt to reach a customer for an agent means for its contact, told by {@link OutboundCalls} on
 * the contact center's loop: an agent's own outbound call ends when it fails, a queued callback tries again.
 */
interface CallAttempt {

    /** The customer answered and their media is joined: the outbound whisper plays next. */
    default void customerAnswered(Call call) {
    }

    /** The customer was not reached (no answer, busy, failure, no media); the agent has the contact. */
    void customerNotReached(Call call, String why);

    /** The agent's desk phone did not answer (no answer in time, busy or failed); the customer was not dialled. */
    void agentMissed(Call call, String agent, String why);
}

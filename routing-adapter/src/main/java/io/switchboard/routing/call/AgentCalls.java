package io.switchboard.routing.call;

/**
 * What an agent does to the contact offered to or connected with them, from their desk: accept or reject a
 * softphone offer, hold and resume the customer, hang up. Called on the contact center's loop; a request that does not fit the agent's state throws an
 * {@link io.switchboard.routing.agent.AgentRequestException} naming the rule.
 */
public interface AgentCalls {

    /** The customer is put on hold: unbridged from the agent, they hear their hold flow. */
    void hold(String username);

    /** The held customer is taken back: the hold flow stops and the two are bridged again. */
    void resume(String username);

    /** The agent hangs up: the contact ends (AGENT_DISCONNECT) and the agent goes to After Contact Work. */
    void hangUp(String username);

    /** The agent accepts the contact ringing on their softphone: completes once it is bridged to their media. */
    java.util.concurrent.CompletableFuture<Void> accept(String username, String contactId);

    /** The agent rejects the contact ringing on their softphone: Missed, the caller keeps their place. */
    void reject(String username, String contactId);

    /** When the offer ringing for the agent is missed if not accepted; empty without one (or on a desk phone). */
    java.util.Optional<java.time.Instant> offerExpiresAt(String username);

    /** The caller's number of a contact with a call up. */
    java.util.Optional<String> customerNumber(String contactId);

    /** True while the agent's call waits on hold audio for their softphone media to come back. */
    boolean mediaPaused(String username);
}

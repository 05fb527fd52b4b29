package io.switchboard.routing.call;

/**
 * What an agent does to the contact connected to them, from their desk: hold and resume the customer, hang
 * up. Called on the contact center's loop; a request that does not fit the agent's state throws an
 * {@link io.switchboard.routing.agent.AgentRequestException} naming the rule.
 */
public interface AgentCalls {

    /** The customer is put on hold: unbridged from the agent, they hear their hold flow. */
    void hold(String username);

    /** The held customer is taken back: the hold flow stops and the two are bridged again. */
    void resume(String username);

    /** The agent hangs up: the contact ends (AGENT_DISCONNECT) and the agent goes to After Contact Work. */
    void hangUp(String username);

    /**
     * Places the agent's outbound call to {@code number} (E.164) from {@code queue} (null: the routing
     * profile's default outbound queue): the agent's phone rings first, then the customer's; returns the new
     * contact's id.
     */
    default io.switchboard.routing.contact.ContactId outbound(String username, String number, String queue) {
        throw new io.switchboard.routing.agent.AgentRequestException(
                io.switchboard.routing.agent.AgentRequestException.Reason.INVALID_REQUEST, "outbound calls are not placed here");
    }
}

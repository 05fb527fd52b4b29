package io.switchboard.routing.api;

import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.call.AgentCalls;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentStatusRef;
import io.switchboard.routing.agent.LogoutCause;
import io.switchboard.routing.core.ContactCenterLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an agent's desk (the control API, the CCP) asks of the contact center, callable from any thread:
 * each call hops onto the contact center's loop and completes there. A refused request completes
 * exceptionally with an {@link AgentRequestException} whose reason says which rule refused it (not an
 * agent, not logged in, unknown or disabled status, on a contact).
 */
public final class AgentDesk {

    private final ContactCenterLoop loop;
    private final AgentRoster roster;
    private final AgentCalls calls;

    AgentDesk(ContactCenterLoop loop, AgentRoster roster, AgentCalls calls) {
        this.loop = loop;
        this.roster = roster;
        this.calls = calls;
    }

    /** Puts the agent's connected customer on hold (they hear the hold flow); the agent is On hold. */
    public CompletableFuture<AgentSnapshot> hold(String username) {
        return loop.ask(() -> {
            calls.hold(username);
            return roster.snapshot(username);
        });
    }

    /** Takes the held customer back; the agent is Busy again. */
    public CompletableFuture<AgentSnapshot> resume(String username) {
        return loop.ask(() -> {
            calls.resume(username);
            return roster.snapshot(username);
        });
    }

    /** Hangs up the agent's contact; the agent goes to After Contact Work. */
    public CompletableFuture<AgentSnapshot> hangUp(String username) {
        return loop.ask(() -> {
            calls.hangUp(username);
            return roster.snapshot(username);
        });
    }

    /**
     * Places the agent's outbound call to {@code number} (E.164) from {@code queue} (null: the routing
     * profile's default outbound queue); completes with the new contact's id once the agent's phone is dialled.
     */
    public CompletableFuture<String> outbound(String username, String number, String queue) {
        return loop.ask(() -> calls.outbound(username, number, queue).toString());
    }

    /** Closes the contact in After Contact Work: the agent returns to the status they had chosen. */
    public CompletableFuture<AgentSnapshot> closeContact(String username) {
        return loop.ask(() -> {
            var agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(
                    AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
            if (agent.state() != AgentState.AFTER_CONTACT_WORK) {
                throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                        username + " has no contact in After Contact Work (" + agent.state() + ")");
            }
            roster.closeContact(agent);
            return roster.snapshot(username);
        });
    }

    /** Logs the agent in (default status of their routing profile, else Offline); a no-op when logged in. */
    public CompletableFuture<AgentSnapshot> login(String username) {
        return loop.ask(() -> roster.login(username));
    }

    /** Logs the agent out, whatever their sessions; a no-op when logged out. */
    public CompletableFuture<AgentSnapshot> logout(String username) {
        return loop.ask(() -> roster.logout(username, LogoutCause.REQUESTED));
    }

    /** Sets the agent's status to an enabled status of the instance, by name. */
    public CompletableFuture<AgentSnapshot> setStatus(String username, String status) {
        return loop.ask(() -> roster.setStatus(username, status));
    }

    /** The agent now, in the agent event's AgentSnapshot terms. */
    public CompletableFuture<AgentSnapshot> snapshot(String username) {
        return loop.ask(() -> roster.snapshot(username));
    }

    /** The instance's agent statuses in the order agents see them (disabled ones included, marked). */
    public CompletableFuture<List<AgentStatusRef>> statuses() {
        return loop.ask(() -> roster.directory().statuses());
    }

    /** A login session of {@code username} was created: the agent's first one logs them in. */
    public void sessionStarted(String username, String sessionId) {
        loop.execute(() -> roster.sessionStarted(username, sessionId));
    }

    /** A login session ended for {@code cause}: the agent's last one logs them out. */
    public void sessionEnded(String username, String sessionId, LogoutCause cause) {
        loop.execute(() -> roster.sessionEnded(username, sessionId, cause));
    }

    /** A connection (WebSocket) of the session opened: a running disconnect grace period stops. */
    public void connectionOpened(String username, String sessionId, String connection) {
        loop.execute(() -> roster.connectionOpened(username, sessionId, connection));
    }

    /** A connection closed: the session's last one starts the disconnect grace period. */
    public void connectionClosed(String username, String sessionId, String connection) {
        loop.execute(() -> roster.connectionClosed(username, sessionId, connection));
    }
}

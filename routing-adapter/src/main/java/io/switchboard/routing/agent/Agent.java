package io.switchboard.routing.agent;

import io.switchboard.routing.flow.Cancellable;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One agent of the roster: their state machine ({@link AgentState}), the status they chose, the contact with
 * them, their sessions and connections. Owned by the contact center's loop: only the {@link AgentRoster}
 * (and through it the router) changes it, and every step that {@link AgentState#next()} does not allow
 * throws {@link IllegalStateException}.
 */
public final class Agent {

    private AgentConfiguration configuration;
    private AgentState state = AgentState.LOGGED_OUT;
    private Instant stateSince;
    private AgentStatusRef status;
    private Instant statusSince;
    private AgentContact contact;
    private Instant connectedAt;
    /** The login sessions open for this agent; the agent is logged out when the last one ends. */
    private final Set<String> sessions = new HashSet<>();
    /** Open connections (WebSockets) of those sessions; when the last closes, the grace period starts. */
    private final Set<String> connections = new HashSet<>();
    private Cancellable heartBeat;
    private Cancellable grace;
    private Cancellable afterContactWork;
    /** What keeps an Available softphone agent from being offered a contact; null when nothing does. */
    private RoutingBlock block;

    Agent(AgentConfiguration configuration, AgentStatusRef offline, Instant now) {
        this.configuration = configuration;
        this.status = offline;
        this.statusSince = now;
        this.stateSince = now;
    }

    public AgentConfiguration configuration() {
        return configuration;
    }

    public String username() {
        return configuration.username();
    }

    public AgentState state() {
        return state;
    }

    /** The status the agent chose (and returns to after a contact). */
    public AgentStatusRef status() {
        return status;
    }

    public Optional<AgentContact> contact() {
        return Optional.ofNullable(contact);
    }

    /** True when the router may offer this agent a contact: Available, and their softphone able to take it. */
    public boolean routable() {
        return state == AgentState.AVAILABLE && block == null;
    }

    /** Why the agent's softphone cannot take a contact now; empty when it can (or the agent has none). */
    public Optional<RoutingBlock> block() {
        return Optional.ofNullable(block);
    }

    /** Since when the agent is Available, for "longest available first"; empty when not Available. */
    public Optional<Instant> availableSince() {
        return routable() ? Optional.of(stateSince) : Optional.empty();
    }

    public AgentSnapshot snapshot() {
        return new AgentSnapshot(configuration, state, stateSince, status, statusSince, contact(), connectedAt);
    }

    // ---- steps; each checks the transition table ----

    void logIn(AgentStatusRef initial, Instant now) {
        move(initial.state(), now);
        choose(initial, now);
    }

    void logOut(AgentStatusRef offline, Instant now) {
        move(AgentState.LOGGED_OUT, now);
        choose(offline, now);
        contact = null;
        connectedAt = null;
        sessions.clear();
        connections.clear();
        block = null;
    }

    /** The agent chose {@code next}; from ACW, Missed or Error this also lets the contact go. */
    void chooseStatus(AgentStatusRef next, Instant now) {
        move(next.state(), now);
        if (!next.name().equals(status.name())) {
            choose(next, now);
        }
        contact = null;
        connectedAt = null;
    }

    void offer(AgentContact offered, Instant now) {
        move(AgentState.PENDING, now);
        contact = offered;
    }

    /** The agent's own outbound call, from a chosen status. */
    void dial(AgentContact outbound, Instant now) {
        move(AgentState.BUSY, now);
        contact = outbound;
        connectedAt = now;
    }

    /** The offered contact went away before it was connected (the caller hung up): Available again. */
    void withdrawOffer(Instant now) {
        move(AgentState.AVAILABLE, now);
        contact = null;
    }

    void connect(Instant now) {
        move(AgentState.BUSY, now);
        connectedAt = now;
    }

    void hold(Instant now) {
        move(AgentState.ON_HOLD, now);
    }

    void resume(Instant now) {
        move(AgentState.BUSY, now);
    }

    void endContact(Instant now) {
        move(AgentState.AFTER_CONTACT_WORK, now);
    }

    void miss(Instant now) {
        move(AgentState.MISSED, now);
    }

    void fail(Instant now) {
        move(AgentState.ERROR, now);
    }

    void block(RoutingBlock next) {
        block = next;
    }

    void reconfigure(AgentConfiguration next) {
        configuration = next;
    }

    private void move(AgentState target, Instant now) {
        if (!state.mayMoveTo(target)) {
            throw new IllegalStateException("agent " + username() + ": " + state + " -> " + target + " not allowed");
        }
        if (target != state) {
            stateSince = now;
        }
        state = target;
    }

    private void choose(AgentStatusRef next, Instant now) {
        status = next;
        statusSince = now;
    }

    // ---- sessions, connections and timers: the roster's bookkeeping ----

    Set<String> sessions() {
        return sessions;
    }

    Set<String> connections() {
        return connections;
    }

    void heartBeat(Cancellable timer) {
        cancel(heartBeat);
        heartBeat = timer;
    }

    void grace(Cancellable timer) {
        cancel(grace);
        grace = timer;
    }

    void afterContactWork(Cancellable timer) {
        cancel(afterContactWork);
        afterContactWork = timer;
    }

    /** Stops every timer of the agent (at logout). */
    void cancelTimers() {
        heartBeat(null);
        grace(null);
        afterContactWork(null);
    }

    private static void cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}

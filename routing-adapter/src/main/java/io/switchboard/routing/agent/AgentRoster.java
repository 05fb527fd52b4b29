package io.switchboard.routing.agent;

import io.switchboard.config.model.User;
import io.switchboard.routing.agent.AgentRequestException.Reason;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every agent of the instance, logged in or not, and the one place their state changes: login and logout
 * (by request, by their sessions, by a reload), the statuses they choose, and the system states the router
 * drives. Each change is published on the bus as an {@link AgentEvent} with the agent before and after, and
 * a logged-in agent gets a HEART_BEAT 120 s after their last event. Runs on the contact center's loop only
 * (no locks); time is the loop's.
 */
public final class AgentRoster {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRoster.class);

    /**
     * @param heartBeat        how long after an agent's last event a HEART_BEAT follows
     * @param disconnectGrace  how long all of an agent's connections may stay closed before they are logged out
     */
    public record Settings(Duration heartBeat, Duration disconnectGrace) {
        /** Amazon Connect's heartbeat interval. */
        public static final Duration HEART_BEAT = Duration.ofSeconds(120);
        public static final Duration DISCONNECT_GRACE = Duration.ofSeconds(60);

        public static Settings defaults() {
            return new Settings(HEART_BEAT, DISCONNECT_GRACE);
        }
    }

    private final ContactCenterLoop loop;
    private final EventBus events;
    private final Settings settings;
    private AgentDirectory directory;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    /** Told of every change of an agent (events, and routability that no event carries); on the loop. */
    private final List<Consumer<Agent>> watchers = new ArrayList<>();
    /** The phone each agent chose on their panel, over the instance's; kept across reloads, on the loop. */
    private final Map<String, PhoneChoice> phoneChoices = new java.util.HashMap<>();

    private record PhoneChoice(User.PhoneType type, String deskNumber) {
        AgentConfiguration applyTo(AgentConfiguration configuration) {
            return configuration.withPhone(type, deskNumber);
        }
    }

    public AgentRoster(ContactCenterLoop loop, EventBus events, AgentDirectory directory, Settings settings) {
        this.loop = loop;
        this.events = events;
        this.settings = settings;
        this.directory = directory;
        directory.agents().values().forEach(c -> agents.put(c.username(), new Agent(c, directory.offline(), loop.now())));
    }

    public AgentDirectory directory() {
        return directory;
    }

    /** The agent, logged in or not; empty for a user who is not an agent. */
    public Optional<Agent> agent(String username) {
        return Optional.ofNullable(agents.get(username));
    }

    /** Every agent, in the order of the instance's users. */
    public Collection<Agent> agents() {
        return Collections.unmodifiableCollection(agents.values());
    }

    // ---- login and logout ----

    /** Logs the agent in (in their routing profile's default status, else Offline); nothing when they are. */
    public AgentSnapshot login(String username) {
        Agent agent = require(username);
        if (agent.state() == AgentState.LOGGED_OUT) {
            AgentSnapshot before = agent.snapshot();
            agent.logIn(initialStatus(agent.configuration()), now());
            log(agent, "logged in, status " + agent.status().name());
            publish(AgentEvent.Type.LOGIN, agent, before);
        }
        return agent.snapshot();
    }

    /** Logs the agent out wherever they are, ending their sessions' hold on them; nothing when they are out. */
    public AgentSnapshot logout(String username, LogoutCause cause) {
        Agent agent = require(username);
        if (agent.state() != AgentState.LOGGED_OUT) {
            AgentSnapshot before = agent.snapshot();
            agent.cancelTimers();
            agent.logOut(directory.offline(), now());
            log(agent, "logged out (" + cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
            publish(AgentEvent.Type.LOGOUT, agent, before);
        }
        return agent.snapshot();
    }

    /** Logs every agent out, as the server stops. */
    public void logoutAll(LogoutCause cause) {
        for (Agent agent : agents.values()) {
            logout(agent.username(), cause);
        }
    }

    /** A login session of {@code username} started: the first one logs the agent in. Non-agents are ignored. */
    public void sessionStarted(String username, String sessionId) {
        Agent agent = agents.get(username);
        if (agent == null) {
            return;
        }
        login(username);
        agent.sessions().add(sessionId);
    }

    /** A login session ended: when it was the agent's last, the agent is logged out for {@code cause}. */
    public void sessionEnded(String username, String sessionId, LogoutCause cause) {
        Agent agent = agents.get(username);
        if (agent == null || !agent.sessions().remove(sessionId)) {
            return;
        }
        agent.connections().removeIf(c -> c.startsWith(sessionId + "/"));
        if (agent.sessions().isEmpty()) {
            logout(username, cause);
        }
    }

    /**
     * A connection of a session opened (the agent's WebSocket): it stops a running grace period. Connections
     * are named {@code sessionId + "/" + connection}.
     */
    public void connectionOpened(String username, String sessionId, String connection) {
        Agent agent = agents.get(username);
        if (agent == null || !agent.sessions().contains(sessionId)) {
            return;
        }
        agent.connections().add(sessionId + "/" + connection);
        agent.grace(null);
    }

    /**
     * A connection closed: when it was the agent's last, the grace period starts, and the agent is logged out
     * when it passes with none reopened. An agent who never opened one (API only) has no grace period.
     */
    public void connectionClosed(String username, String sessionId, String connection) {
        Agent agent = agents.get(username);
        if (agent == null || !agent.connections().remove(sessionId + "/" + connection)
                || !agent.connections().isEmpty()) {
            return;
        }
        agent.grace(loop.schedule(settings.disconnectGrace(), () -> {
            if (agent.connections().isEmpty() && agent.state() != AgentState.LOGGED_OUT) {
                logout(agent.username(), LogoutCause.DISCONNECTED);
            }
        }));
    }

    /** Tells {@code watcher} of every change of any agent, after it, on the loop. */
    public void watch(Consumer<Agent> watcher) {
        watchers.add(watcher);
    }

    /**
     * Sets what keeps the agent's softphone from taking contacts (null: nothing); the router and the agent's
     * panel follow. No agent event: routability is not part of Connect's agent snapshot.
     */
    public void block(Agent agent, RoutingBlock block) {
        if (java.util.Objects.equals(agent.block().orElse(null), block) || agent.state() == AgentState.LOGGED_OUT) {
            return;
        }
        agent.block(block);
        log(agent, block == null ? "softphone ready" : "not routable: " + block.reason() + " (" + block.detail() + ")");
        notifyWatchers(agent);
    }

    private void notifyWatchers(Agent agent) {
        for (Consumer<Agent> watcher : List.copyOf(watchers)) {
            watcher.accept(agent);
        }
    }

    // ---- statuses ----

    /**
     * Sets the status the agent chose: any enabled status of the instance. From After Contact Work, Missed or
     * Error this also closes the contact. Refused while a contact is offered or connected.
     */
    public AgentSnapshot setStatus(String username, String statusName) {
        Agent agent = require(username);
        AgentStatusRef status = directory.status(statusName).orElseThrow(() -> new AgentRequestException(
                Reason.UNKNOWN_STATUS, "unknown agent status \"" + statusName + "\"; the instance has "
                        + directory.statuses().stream().filter(AgentStatusRef::enabled).map(AgentStatusRef::name).toList()));
        if (!status.enabled()) {
            throw new AgentRequestException(Reason.DISABLED_STATUS, "agent status \"" + statusName + "\" is disabled");
        }
        if (agent.state() == AgentState.LOGGED_OUT) {
            throw new AgentRequestException(Reason.NOT_LOGGED_IN, "agent " + username + " is not logged in");
        }
        if (agent.state().onContact() || agent.state() == AgentState.PENDING) {
            throw new AgentRequestException(Reason.ON_CONTACT, "agent " + username + " is on a contact ("
                    + agent.state() + "); the status can change after it");
        }
        change(agent, a -> a.chooseStatus(status, now()));
        agent.afterContactWork(null);
        return agent.snapshot();
    }

    public AgentSnapshot snapshot(String username) {
        return require(username).snapshot();
    }

    /**
     * The agent chose the phone contacts ring on, as the CCP's "set phone number" does: their softphone, or a desk
     * phone at {@code deskNumber} (E.164), dialled through the trunk from the next offer on. Refused while a
     * contact is with the agent; kept until they choose again, over reloads of the instance.
     */
    public AgentSnapshot setPhone(String username, User.PhoneType type, String deskNumber) {
        Agent agent = require(username);
        if (agent.state() == AgentState.LOGGED_OUT) {
            throw new AgentRequestException(Reason.NOT_LOGGED_IN, "agent " + username + " is not logged in");
        }
        if (agent.state().hasContact()) {
            throw new AgentRequestException(Reason.ON_CONTACT, "agent " + username + " has a contact ("
                    + agent.state() + "); the phone can change after it");
        }
        if (type == User.PhoneType.DESK && deskNumber == null) {
            throw new AgentRequestException(Reason.INVALID_REQUEST, "a desk phone needs its number");
        }
        PhoneChoice choice = new PhoneChoice(type, deskNumber);
        phoneChoices.put(username, choice);
        AgentConfiguration next = choice.applyTo(agent.configuration());
        log(agent, "chose the phone " + type + (type == User.PhoneType.DESK ? " " + deskNumber : ""));
        change(agent, a -> a.reconfigure(next));
        return agent.snapshot();
    }

    // ---- system states, driven by the router ----

    /** Offers {@code contact} to an Available agent (the CCP shows it ringing). */
    public void offer(Agent agent, AgentContact contact) {
        change(agent, a -> a.offer(contact, now()));
    }

    /** The agent's own outbound call starts, from a chosen status other than Offline. */
    public void dial(Agent agent, AgentContact contact) {
        change(agent, a -> a.dial(contact, now()));
    }

    /** The offered contact is connected to the agent (accepted, auto-accepted, or the desk phone answered). */
    public void connect(Agent agent) {
        change(agent, a -> a.connect(now()));
    }

    public void hold(Agent agent) {
        change(agent, a -> a.hold(now()));
    }

    public void resume(Agent agent) {
        change(agent, a -> a.resume(now()));
    }

    /** The offered contact left before it was connected: the agent is Available again, nothing missed. */
    public void withdrawOffer(Agent agent) {
        change(agent, a -> a.withdrawOffer(now()));
    }

    /** The offer was rejected or timed out: Missed, until the agent chooses a status. */
    public void miss(Agent agent) {
        change(agent, a -> a.miss(now()));
    }

    /** The offer could not be connected: Error, until the agent chooses a status. */
    public void fail(Agent agent) {
        change(agent, a -> a.fail(now()));
    }

    /** The contact ended: After Contact Work, closed by the agent or by their ACW timeout (if not zero). */
    public void endContact(Agent agent) {
        change(agent, a -> a.endContact(now()));
        Duration timeout = agent.configuration().afterContactWork();
        if (!timeout.isZero()) {
            agent.afterContactWork(loop.schedule(timeout, () -> {
                if (agent.state() == AgentState.AFTER_CONTACT_WORK) {
                    closeContact(agent);
                }
            }));
        }
    }

    /** Closes the contact in ACW: the agent returns to the status they had chosen. */
    public void closeContact(Agent agent) {
        agent.afterContactWork(null);
        AgentStatusRef back = directory.status(agent.status().name()).filter(AgentStatusRef::enabled)
                .orElse(initialStatus(agent.configuration()));
        change(agent, a -> a.chooseStatus(back, now()));
    }

    // ---- reload ----

    /**
     * Applies a reloaded instance: a removed agent is logged out and forgotten, a logged-in agent whose
     * configuration changed (routing profile, its queues, auto-accept, hierarchy...) gets a STATE_CHANGE,
     * a new agent joins logged out.
     */
    public void reload(AgentDirectory next) {
        AgentDirectory previous = directory;
        directory = next;
        for (Agent agent : new ArrayList<>(agents.values())) {
            PhoneChoice chosen = phoneChoices.get(agent.username());
            Optional<AgentConfiguration> now = next.agent(agent.username())
                    .map(c -> chosen == null ? c : chosen.applyTo(c));
            if (now.isEmpty()) {
                logout(agent.username(), LogoutCause.USER_REMOVED);
                agents.remove(agent.username());
                phoneChoices.remove(agent.username());
            } else if (!now.get().equals(agent.configuration())) {
                if (agent.state() == AgentState.LOGGED_OUT) {
                    agent.reconfigure(now.get());
                } else {
                    change(agent, a -> a.reconfigure(now.get()));
                    // A change the snapshot does not show (a queue's priority or delay, a proficiency) still
                    // changes what the agent may be routed.
                    notifyWatchers(agent);
                }
            }
        }
        for (AgentConfiguration c : next.agents().values()) {
            agents.computeIfAbsent(c.username(), u -> new Agent(c, next.offline(), now()));
        }
        LOG.debug("agents reloaded: {} before, {} now", previous.agents().size(), next.agents().size());
    }

    // ---- helpers ----

    private AgentStatusRef initialStatus(AgentConfiguration configuration) {
        return configuration.routingProfile().defaultStatus().flatMap(directory::status)
                .filter(AgentStatusRef::enabled).orElse(directory.offline());
    }

    private Agent require(String username) {
        Agent agent = agents.get(username);
        if (agent == null) {
            throw new AgentRequestException(Reason.NOT_AN_AGENT, "user " + username + " is not an agent");
        }
        return agent;
    }

    /** Runs one step and publishes a STATE_CHANGE when the agent's snapshot differs after it. */
    private void change(Agent agent, Consumer<Agent> step) {
        AgentSnapshot before = agent.snapshot();
        step.accept(agent);
        if (!before.equals(agent.snapshot())) {
            publish(AgentEvent.Type.STATE_CHANGE, agent, before);
        }
    }

    private void publish(AgentEvent.Type type, Agent agent, AgentSnapshot before) {
        AgentSnapshot previous = type == AgentEvent.Type.LOGIN || type == AgentEvent.Type.HEART_BEAT ? null : before;
        events.publish(new ContactEvent.AgentChanged(new AgentEvent(UUID.randomUUID(), type, now(),
                directory.instanceArn(), agent.snapshot(), previous)));
        if (agent.state() == AgentState.LOGGED_OUT) {
            agent.heartBeat(null);
        } else {
            agent.heartBeat(loop.schedule(settings.heartBeat(), () -> heartBeat(agent)));
        }
        if (type != AgentEvent.Type.HEART_BEAT) {
            notifyWatchers(agent);
        }
    }

    private void heartBeat(Agent agent) {
        if (agent.state() != AgentState.LOGGED_OUT && agents.get(agent.username()) == agent) {
            publish(AgentEvent.Type.HEART_BEAT, agent, null);
        }
    }

    private Instant now() {
        return loop.now();
    }

    private static void log(Agent agent, String what) {
        try (var mdc = MDC.putCloseable("agent", agent.username())) {
            LOG.info("agent {} {}", agent.username(), what);
        }
    }

    /** The agents logged in now (for tests and figures). */
    public List<Agent> loggedIn() {
        return agents.values().stream().filter(a -> a.state() != AgentState.LOGGED_OUT).toList();
    }
}

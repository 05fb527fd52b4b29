package io.switchboard.routing.api;

import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.call.AgentCalls;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentStatusRef;
import io.switchboard.routing.agent.LogoutCause;
import io.switchboard.routing.call.SoftphoneSettings;
import io.switchboard.routing.call.Softphones;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.engine.FlowEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
    private final Softphones softphones;
    private final FlowEngine engine;
    /** The panels following each agent; on the loop. */
    private final Map<String, List<Consumer<AgentView>>> watchers = new HashMap<>();
    /** Each agent's last view handed out, so that views leave in the order of the changes. */
    private final Map<String, CompletableFuture<Void>> viewChains = new HashMap<>();
    /** Agents who muted their softphone on the current contact; on the loop. */
    private final Map<String, String> muted = new HashMap<>();
    /** The instance's default country (ISO 3166 alpha-2), as it is now. */
    private final java.util.function.Supplier<String> defaultCountry;

    AgentDesk(ContactCenterLoop loop, AgentRoster roster, AgentCalls calls, Softphones softphones, FlowEngine engine,
              java.util.function.Supplier<String> defaultCountry) {
        this.defaultCountry = defaultCountry;
        this.loop = loop;
        this.roster = roster;
        this.calls = calls;
        this.softphones = softphones;
        this.engine = engine;
        roster.watch(this::changed);
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

    /** Accepts the contact ringing on the agent's softphone: it is bridged to their media; the agent is Busy. */
    public CompletableFuture<AgentSnapshot> accept(String username, String contactId) {
        return loop.ask(() -> calls.accept(username, contactId)).thenCompose(connected -> connected)
                .thenCompose(v -> loop.ask(() -> roster.snapshot(username)));
    }

    /** Rejects the contact ringing on the agent's softphone: the agent is Missed, the caller keeps their place. */
    public CompletableFuture<AgentSnapshot> reject(String username, String contactId) {
        return loop.ask(() -> {
            calls.reject(username, contactId);
            return roster.snapshot(username);
        });
    }

    /**
     * Records that the agent muted (or unmuted) their microphone on the connected contact; the panel stops its
     * track itself, this keeps every tab of the agent and the contact's view in step.
     */
    public CompletableFuture<AgentSnapshot> mute(String username, boolean on) {
        return loop.ask(() -> {
            var agent = require(username);
            if (!agent.state().onContact()) {
                throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                        username + " is not connected to a contact (" + agent.state() + ")");
            }
            String contact = agent.contact().map(c -> c.contactId()).orElse("");
            if (on) {
                muted.put(username, contact);
            } else {
                muted.remove(username);
            }
            changed(agent);
            return roster.snapshot(username);
        });
    }

    /**
     * Closes the contact {@code contactId} in After Contact Work, Missed or Error: the agent returns to the
     * status they had chosen. Refused when it is not the agent's contact.
     */
    public CompletableFuture<AgentSnapshot> closeContact(String username, String contactId) {
        return loop.ask(() -> {
            var agent = require(username);
            String own = agent.contact().map(c -> c.contactId()).orElse(null);
            if (own == null || !own.equals(contactId)) {
                throw new AgentRequestException(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                        "contact " + contactId + " is not " + username + "'s contact");
            }
            AgentState state = agent.state();
            if (state != AgentState.AFTER_CONTACT_WORK && state != AgentState.MISSED && state != AgentState.ERROR) {
                throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                        username + "'s contact is not in After Contact Work, Missed or Error (" + state + ")");
            }
            roster.closeContact(agent);
            return roster.snapshot(username);
        });
    }

    /**
     * Places the agent's outbound call to {@code number} (read as E.164 by the default country) from {@code queue} (null: the routing
     * profile's default outbound queue); completes with the new contact's id once the agent's phone is dialled.
     */
    public CompletableFuture<String> outbound(String username, String number, String queue) {
        return loop.ask(() -> calls.outbound(username, number, queue).toString());
    }

    /**
     * The agent chooses the phone contacts ring on: their softphone, or the desk phone at {@code typedNumber}
     * (read as E.164 by the default country); the next offer rings it. Refused while a contact is with them.
     */
    public CompletableFuture<AgentSnapshot> setPhone(String username, io.switchboard.config.model.User.PhoneType type,
                                                     String typedNumber) {
        return loop.ask(() -> {
            require(username);
            String number = null;
            if (type == io.switchboard.config.model.User.PhoneType.DESK) {
                try {
                    number = io.switchboard.routing.contact.DialPlan.toE164(typedNumber,
                            io.switchboard.config.model.CountryCode.parse(defaultCountry.get()));
                } catch (IllegalArgumentException e) {
                    throw new AgentRequestException(AgentRequestException.Reason.INVALID_REQUEST,
                            "desk phone number: " + e.getMessage());
                }
            }
            AgentSnapshot snapshot = roster.setPhone(username, type, number);
            softphones.phoneChanged(username);
            return snapshot;
        });
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

    // ---- the agent's panel: its softphone and its view ----

    /** The agent's panel connected as {@code connection}: a softphone agent is routable once it offers media. */
    public void softphoneOpened(String username, String connection) {
        loop.execute(() -> softphones.opened(username, connection));
    }

    /** The panel's connection closed: its media goes, and a call on it waits on hold audio for the window. */
    public void softphoneClosed(String username, String connection) {
        loop.execute(() -> softphones.closed(username, connection));
    }

    /** The panel stopped answering pings: not routable until it offers media again; {@code detail} says why. */
    public void softphoneUnreachable(String username, String connection, String detail) {
        loop.execute(() -> softphones.unreachable(username, connection, detail));
    }

    /** The panel's SDP offer; completes with the relay's answer (the agent's persistent WebRTC endpoint). */
    public CompletableFuture<String> softphoneOffer(String username, String connection, String sdp) {
        return loop.ask(() -> softphones.offer(username, connection, sdp)).thenCompose(answer -> answer);
    }

    /** The country whose numbering plan reads numbers dialled without a country code (the instance's setting). */
    public String defaultCountry() {
        return defaultCountry.get();
    }

    /** The softphone settings in force (offer time, reconnect window). */
    public SoftphoneSettings softphoneSettings() {
        return softphones.settings();
    }

    /** The agent as their panel shows them, now. */
    public CompletableFuture<AgentView> view(String username) {
        return loop.ask(() -> view(require(username))).thenCompose(v -> v);
    }

    /**
     * Tells {@code watcher} of every change of the agent, in order, on the loop; returns what stops it.
     */
    public CompletableFuture<Runnable> watch(String username, Consumer<AgentView> watcher) {
        return loop.ask(() -> {
            require(username);
            watchers.computeIfAbsent(username, u -> new ArrayList<>()).add(watcher);
            return () -> loop.execute(() -> {
                List<Consumer<AgentView>> list = watchers.get(username);
                if (list != null) {
                    list.remove(watcher);
                    if (list.isEmpty()) {
                        watchers.remove(username);
                        viewChains.remove(username);
                    }
                }
            });
        });
    }

    /** Runs {@code task} on the contact center's loop. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} on the loop after {@code delay} of the loop's clock. */
    public Cancellable schedule(Duration delay, Runnable task) {
        return loop.schedule(delay, task);
    }

    /** The loop's clock. */
    public Instant now() {
        return loop.now();
    }

    private void changed(Agent agent) {
        if (!agent.state().onContact()) {
            muted.remove(agent.username());
        }
        List<Consumer<AgentView>> list = watchers.get(agent.username());
        if (list == null || list.isEmpty()) {
            return;
        }
        CompletableFuture<AgentView> next = view(agent);
        CompletableFuture<Void> chain = viewChains.getOrDefault(agent.username(), CompletableFuture.completedFuture(null))
                .thenCompose(v -> next).thenAccept(view -> List.copyOf(list).forEach(w -> w.accept(view)));
        viewChains.put(agent.username(), chain.exceptionally(error -> null));
    }

    /** On the loop: the view of {@code agent} now; the contact's attributes come from its flow session. */
    private CompletableFuture<AgentView> view(Agent agent) {
        AgentSnapshot snapshot = agent.snapshot();
        if (agent.contact().isEmpty() || !agent.state().hasContact()) {
            return CompletableFuture.completedFuture(new AgentView(snapshot, agent.routable(), agent.block(),
                    Optional.empty()));
        }
        AgentContact contact = agent.contact().get();
        String username = agent.username();
        Instant expires = agent.state() == AgentState.PENDING ? calls.offerExpiresAt(username).orElse(null) : null;
        String number = calls.customerNumber(contact.contactId()).orElse(null);
        boolean isMuted = contact.contactId().equals(muted.get(username));
        boolean paused = agent.state().onContact() && calls.mediaPaused(username);
        CompletableFuture<Map<String, String>> attributes;
        try {
            attributes = engine.snapshot(ContactId.parse(contact.contactId())).toCompletableFuture()
                    .thenApply(s -> s.map(ContactSnapshot::attributes).orElse(Map.of()));
        } catch (IllegalArgumentException e) {
            attributes = CompletableFuture.completedFuture(Map.of());
        }
        return attributes.thenApply(attrs -> new AgentView(snapshot, agent.routable(), agent.block(),
                Optional.of(new AgentView.ContactView(contact.contactId(), AgentContact.state(snapshot.state()),
                        contact.queue() == null ? null : contact.queue().name(), number, contact.initiationMethod(),
                        attrs, expires, snapshot.stateSince(), isMuted, paused))));
    }

    private Agent require(String username) {
        return roster.agent(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
    }

    /** A connection closed: the session's last one starts the disconnect grace period. */
    public void connectionClosed(String username, String sessionId, String connection) {
        loop.execute(() -> roster.connectionClosed(username, sessionId, connection));
    }
}

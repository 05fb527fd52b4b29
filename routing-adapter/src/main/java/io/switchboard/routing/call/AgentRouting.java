package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.User;
import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.router.QueueBook;
import io.switchboard.routing.router.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes waiting callers to agents: feeds the {@link Router} from the bus (contacts queued and leaving their
 * queue, agents becoming routable or not), and carries out its matches. A desk-phone agent's phone is dialled
 * through their trunk with the queue's outbound caller ID ({@link AgentLeg}): answer gives the agent the contact,
 * the agent whisper plays to the phone and the customer whisper to the caller, then the two are bridged, and
 * the agent is Busy, then in After Contact Work when either side hangs up; no answer within the offer time,
 * busy or a failure makes the offer missed, the agent Missed and the caller back in line with their place. A
 * SIP-phone agent's registered contacts are rung the same way, all at once (none registered: missed). A
 * softphone agent's panel rings for the same time ({@link SoftphoneLeg}): accepting bridges the caller to the
 * agent's persistent media ({@link Softphones}), auto-accept does so at once, and a reject or the timeout is a
 * missed offer like the desk phone's. Owned by the contact center's loop.
 */
final class AgentRouting implements AgentCalls {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRouting.class);
    /** How long an offer rings before it counts as missed (Amazon Connect's softphone default). */
    static final Duration OFFER_TIME = Duration.ofSeconds(20);
    /** The name prefix of an agent's personal queue, as the instance's resources name it. */
    private static final String AGENT_QUEUE_PREFIX = "agent/";

    /** A contact offered to an agent and not yet connected or missed. */
    private record Offered(ContactId contact, String queue, Instant enqueuedAt, String agent, AgentSide leg,
                           Cancellable timer, Instant expiresAt) {
    }

    private final ContactCenterLoop loop;
    private final Router router;
    private final AgentRoster roster;
    private final CallRegistry calls;
    private final QueueBook queues;
    private final LoopRelay relay;
    private final Supplier<Dialer> dialer;
    private final Supplier<InstanceConfig> config;
    private final Supplier<FlowEngine> engine;
    private final Map<ContactId, Offered> offers = new HashMap<>();
    /** Where each contact connected to a softphone waited, so that it can go back with its place. */
    private final Map<ContactId, QueueBook.Waiting> servedFrom = new HashMap<>();
    private final Softphones softphones;
    private final Duration offerTime;
    /** Agents' outbound calls; null until the wiring gives them. */
    private OutboundCalls outbound;
    /** Queued callbacks, whose matches they carry out; null until the wiring gives them. */
    private QueuedCallbacks callbacks;

    AgentRouting(ContactCenterLoop loop, EventBus events, AgentRoster roster, CallRegistry calls, QueueBook queues,
                 LoopRelay relay, Supplier<Dialer> dialer, Supplier<InstanceConfig> config, Supplier<FlowEngine> engine,
                 Softphones softphones) {
        this.softphones = softphones;
        this.offerTime = softphones.settings().offerTimeout();
        this.loop = loop;
        this.roster = roster;
        this.calls = calls;
        this.queues = queues;
        this.relay = relay;
        this.dialer = dialer;
        this.config = config;
        this.engine = engine;
        this.router = new Router(loop, this::offer);
        events.subscribe(this::hear);
        // Routability that no agent event carries (the softphone's media) reaches the router this way.
        roster.watch(this::follow);
        queues.countAgentsWith(this::agentCounts);
        queues.onReranked(contact -> {
            if (!offers.containsKey(contact)) {
                queues.queueOf(contact).ifPresent(w -> router.enqueue(contact, w.queue(), w.since(), w.priority(),
                        w.ageAdjustment(), w.criteria(), w.criteriaSince()));
            }
        });
    }

    /**
     * The agent figures of {@code queue} for flows (CheckMetricData, GetMetricData), over the logged-in agents
     * whose routing profile serves it, as Connect counts them: online is any status but Offline; staffed is
     * online or still on a contact, and not in a custom status; busy is on a contact (talking or holding); non-productive is a custom
     * status without a contact.
     */
    private QueueBook.AgentCounts agentCounts(String queue) {
        long online = 0, available = 0, staffed = 0, acw = 0, busy = 0, missed = 0, npt = 0;
        for (Agent agent : roster.loggedIn()) {
            boolean serves = agent.configuration().routingProfile().queues().stream()
                    .anyMatch(q -> q.queue().name().equals(queue));
            if (!serves) {
                continue;
            }
            AgentState state = agent.state();
            boolean isOnline = !"OFFLINE".equals(agent.status().type());
            online += isOnline ? 1 : 0;
            staffed += (isOnline || state.hasContact()) && state != AgentState.CUSTOM ? 1 : 0;
            available += state == AgentState.AVAILABLE ? 1 : 0;
            acw += state == AgentState.AFTER_CONTACT_WORK ? 1 : 0;
            busy += state.onContact() ? 1 : 0;
            missed += state == AgentState.MISSED ? 1 : 0;
            npt += state == AgentState.CUSTOM ? 1 : 0;
        }
        return new QueueBook.AgentCounts(online, available, staffed, acw, busy, missed, npt);
    }

    Router router() {
        return router;
    }

    /** Matches of waiting callbacks go to {@code callbacks}; once, at wiring. */
    void routeCallbacksTo(QueuedCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Agents place outbound calls through {@code calls}; once, at wiring. */
    void placeOutboundWith(OutboundCalls calls) {
        this.outbound = calls;
    }

    @Override
    public ContactId outbound(String username, String number, String queue) {
        if (outbound == null) {
            return AgentCalls.super.outbound(username, number, queue);
        }
        return outbound.place(username, number, queue);
    }

    private void hear(ContactEvent event) {
        if (event instanceof ContactEvent.ContactQueued queued) {
            if (!offers.containsKey(queued.contact())) {
                QueueBook.Waiting w = queues.queueOf(queued.contact())
                        .orElseGet(() -> new QueueBook.Waiting(queued.queue(), queued.since()));
                router.enqueue(queued.contact(), queued.queue(), w.since(), w.priority(), w.ageAdjustment(),
                        w.criteria(), w.criteriaSince());
            }
        } else if (event instanceof ContactEvent.ContactLeftQueue left) {
            router.withdraw(left.contact());
        } else if (event instanceof ContactEvent.AgentChanged changed) {
            roster.agent(changed.event().username()).ifPresent(this::follow);
        }
    }

    /** Keeps the router's view of an agent in step with the roster: routable agents are available there. */
    private void follow(Agent agent) {
        if (agent.routable()) {
            RoutingProfile profile = profile(agent.username(), agent.configuration().routingProfile());
            if (!router.isAvailable(agent.username())) {
                router.agentAvailable(agent.username(), profile, skills(agent.configuration()));
            } else {
                // A reload may have changed the profile's queues or the agent's proficiencies.
                router.agentReconfigured(agent.username(), profile, skills(agent.configuration()));
            }
        } else {
            router.agentUnavailable(agent.username());
        }
    }

    /** What routing criteria ask of the agent: their proficiencies, and the names AgentsCriteria may use. */
    private static RoutingCriteria.AgentSkills skills(AgentConfiguration agent) {
        String arn = agent.agentArn();
        java.util.Set<String> identities = java.util.Set.of(agent.username(), arn,
                arn.substring(arn.lastIndexOf('/') + 1));
        return new RoutingCriteria.AgentSkills() {
            @Override
            public java.util.Set<String> identities() {
                return identities;
            }

            @Override
            public java.util.OptionalInt level(String name, String value) {
                return agent.proficiencyLevel(name, value);
            }
        };
    }

    /**
     * The router's view of the agent's routing profile: its queues with their priority and delay, and first
     * of all (priority 0, no delay) the agent's personal queue, where transfers to the agent wait.
     */
    private static RoutingProfile profile(String username, AgentConfiguration.RoutingProfile profile) {
        List<RoutingProfile.QueueConfig> served = new java.util.ArrayList<>();
        served.add(new RoutingProfile.QueueConfig(AGENT_QUEUE_PREFIX + username, 0, 0));
        profile.queues().stream()
                .map(q -> new RoutingProfile.QueueConfig(q.queue().name(), q.priority(), (int) q.delay().toSeconds()))
                .forEach(served::add);
        return new RoutingProfile(profile.name(), null, served,
                profile.defaultOutboundQueue() == null ? null : profile.defaultOutboundQueue().name(), null);
    }

    /** The router's match: offer the contact to the agent, on their phone. */
    private void offer(Router.Match match) {
        Optional<Agent> agent = roster.agent(match.agent()).filter(a -> a.state() == AgentState.AVAILABLE);
        Optional<Call> call = calls.byContact(match.contact()).filter(c -> !c.ended());
        Optional<QueueBook.Waiting> waiting = queues.queueOf(match.contact());
        // A waiting callback has no call yet: its own owner dials for it.
        boolean callback = callbacks != null && callbacks.waiting(match.contact());
        if (agent.isEmpty() || (call.isEmpty() && !callback) || waiting.isEmpty()) {
            LOG.warn("contact {}: match with {} dropped (agent or caller no longer there)", match.contact(), match.agent());
            waiting.ifPresent(w -> router.enqueue(match.contact(), w.queue(), w.since(), w.priority(), w.ageAdjustment(), w.criteria(), w.criteriaSince()));
            agent.ifPresent(this::follow);
            return;
        }
        if (callback) {
            callbacks.take(match.contact(), agent.get());
            return;
        }
        AgentConfiguration configuration = agent.get().configuration();
        AgentConfiguration.QueueRef queueRef = configuration.routingProfile().queues().stream()
                .map(AgentConfiguration.ServedQueue::queue).filter(q -> q.name().equals(match.queue())).findFirst()
                .orElse(new AgentConfiguration.QueueRef(match.queue(), null));
        AgentContact offered = new AgentContact(match.contact().toString(), match.contact().toString(), "INBOUND",
                queueRef, waiting.get().since());
        Optional<User> user = config.get().user(configuration.username());
        // The desk number is the agent's configuration's: the instance's, or the one chosen on the panel.
        if (configuration.phoneType() == User.PhoneType.DESK && user.isPresent() && configuration.deskPhoneNumber() != null
                && dialer.get() != null) {
            roster.offer(agent.get(), offered);
            AgentLeg leg = new AgentLeg(call.get(), match.agent(), relay, loop, new Outcomes(), offerTime);
            offers.put(match.contact(), new Offered(match.contact(), match.queue(), waiting.get().since(),
                    match.agent(), leg, null, null));
            call.get().attachAgent(leg);
            // A desk phone chosen on the panel has no trunk of its own: the first one that dials out.
            String trunk = LegSignallingPort.trunkFor(config.get(), user.get().deskPhoneTrunk())
                    .map(io.switchboard.config.model.SipTrunk::name).orElse(user.get().deskPhoneTrunk());
            leg.start(dialer.get(), trunk, TrunkMediaSources.of(config.get(), trunk), configuration.deskPhoneNumber(),
                    callerId(call.get(), match.queue()));
        } else if (configuration.phoneType() == User.PhoneType.SIP && dialer.get() != null) {
            roster.offer(agent.get(), offered);
            AgentLeg leg = new AgentLeg(call.get(), match.agent(), relay, loop, new Outcomes(), offerTime);
            offers.put(match.contact(), new Offered(match.contact(), match.queue(), waiting.get().since(),
                    match.agent(), leg, null, null));
            call.get().attachAgent(leg);
            leg.startOnPhone(dialer.get(), configuration.username(), callerId(call.get(), match.queue()));
        } else {
            SoftphoneLeg leg = new SoftphoneLeg(call.get(), match.agent(), relay, new SoftphoneOutcomes());
            Cancellable timer = loop.schedule(offerTime, () -> missed(match.contact(),
                    "not accepted within " + offerTime.toSeconds() + " s"));
            offers.put(match.contact(), new Offered(match.contact(), match.queue(), waiting.get().since(),
                    match.agent(), leg, timer, loop.now().plus(offerTime)));
            call.get().attachAgent(leg);
            roster.offer(agent.get(), offered);
            call.get().log("contact {}: offered to {} (softphone{})", match.contact(), match.agent(),
                    configuration.autoAccept() ? ", auto-accept" : "");
            if (configuration.autoAccept()) {
                // Without media (an agent on the HTTP API only) nothing can connect: the offer rings out.
                softphones.readyEndpoint(match.agent()).ifPresent(endpoint -> connect(leg, endpoint));
            }
        }
    }

    /** Bridges the offered caller to the agent's softphone; the offer's timer stops. */
    private CompletableFuture<Void> connect(SoftphoneLeg leg, EndpointId endpoint) {
        Offered offered = offers.get(leg.customer().contact());
        if (offered != null && offered.timer() != null) {
            offered.timer().cancel();
        }
        softphones.attach(leg.agent(), leg);
        return leg.connect(endpoint);
    }

    @Override
    public CompletableFuture<Void> accept(String username, String contactId) {
        Agent agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
        SoftphoneLeg leg = offeredTo(agent, contactId);
        EndpointId endpoint = softphones.readyEndpoint(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NO_SOFTPHONE_MEDIA, "the softphone has no audio connection to take the"
                + " call on; allow the microphone and wait for the panel to connect"));
        return connect(leg, endpoint);
    }

    @Override
    public void reject(String username, String contactId) {
        Agent agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
        offeredTo(agent, contactId);
        missed(ContactId.parse(contactId), "rejected by the agent");
    }

    /** The softphone leg of the contact offered to {@code agent} now, which must be {@code contactId}. */
    private SoftphoneLeg offeredTo(Agent agent, String contactId) {
        String own = agent.contact().map(AgentContact::contactId).orElse(null);
        if (own != null && !own.equals(contactId)) {
            throw new AgentRequestException(AgentRequestException.Reason.NOT_YOUR_CONTACT,
                    "contact " + contactId + " is not offered to " + agent.username());
        }
        if (agent.state() != AgentState.PENDING || own == null) {
            throw new AgentRequestException(own == null ? AgentRequestException.Reason.NOT_YOUR_CONTACT
                    : AgentRequestException.Reason.NO_CONTACT, own == null
                    ? "contact " + contactId + " is not offered to " + agent.username()
                    : agent.username() + " has no contact ringing (" + agent.state() + ")");
        }
        Offered offered = offers.get(ContactId.parse(own));
        if (offered == null || !(offered.leg() instanceof SoftphoneLeg leg) || leg.state() != SoftphoneLeg.State.OFFERED) {
            throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                    "contact " + contactId + " is not ringing on " + agent.username() + "'s softphone"
                    + (offered != null && offered.leg() instanceof AgentLeg ? " (it rings their desk phone)" : ""));
        }
        return leg;
    }

    @Override
    public Optional<Instant> offerExpiresAt(String username) {
        return offers.values().stream().filter(o -> o.agent().equals(username)).map(Offered::expiresAt)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public Optional<String> customerNumber(String contactId) {
        try {
            // An outbound contact's customer is the number called; an inbound one's is the caller.
            return calls.byContact(ContactId.parse(contactId)).map(c -> c.leg().direction()
                    == io.switchboard.sip.api.InboundCall.Direction.OUTBOUND ? c.leg().called() : c.leg().caller());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean mediaPaused(String username) {
        return softphones.paused(username);
    }

    /** The queue's outbound caller ID, else the number the caller dialled. */
    private String callerId(Call call, String queue) {
        return config.get().queues().stream().filter(q -> q.name().equals(queue)).findFirst()
                .map(Queue::outboundCallerIdNumber).map(n -> n.value()).orElse(call.leg().called());
    }

    /** The offer is missed: the agent is Missed, the caller back in line with their original place. */
    private void missed(ContactId contact, String why) {
        Offered offered = offers.remove(contact);
        if (offered == null) {
            return;
        }
        if (offered.timer() != null) {
            offered.timer().cancel();
        }
        if (offered.leg() instanceof SoftphoneLeg leg) {
            leg.withdraw();
        }
        roster.agent(offered.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::miss);
        queues.queueOf(contact).ifPresent(w ->
                router.enqueue(contact, offered.queue(), offered.enqueuedAt(), w.priority(), w.ageAdjustment(), w.criteria(), w.criteriaSince()));
        LOG.info("contact {}: offer to {} missed ({}); the caller keeps their place", contact, offered.agent(), why);
    }

    /** What each end of an agent leg means for the agent and the contact. */
    private final class Outcomes implements AgentLeg.Outcome {
        /**
         * The agent has the contact: dequeued, the agent Busy, {@code $.Agent.*} known; the agent whisper
         * replaces the customer queue flow, and its end starts the customer whisper ({@link #hookFlowEnded}).
         */
        @Override
        public void answered(AgentLeg leg) {
            ContactId contact = leg.customer().contact();
            offers.remove(contact);
            queues.remove(contact);
            roster.agent(leg.agent()).ifPresent(agent -> {
                roster.connect(agent);
                AgentConfiguration c = agent.configuration();
                engine.get().agentConnected(contact, new io.switchboard.routing.contact.FlowData.AgentRef(c.username(),
                        c.firstName(), c.lastName(), c.agentArn()));
            });
            engine.get().runHook(contact, EventHook.AGENT_WHISPER);
        }

        @Override
        public void connected(AgentLeg leg) {
            engine.get().stopFlow(leg.customer().contact());
        }

        @Override
        public void missed(AgentLeg leg, String why) {
            AgentRouting.this.missed(leg.customer().contact(), why);
        }

        @Override
        public void agentLeft(AgentLeg leg) {
            roster.agent(leg.agent()).filter(a -> a.state().onContact()).ifPresent(roster::endContact);
            // A disconnect flow keeps the caller on the line; without one the contact ends, and its end
            // releases the call (a BYE to the caller) once its record is written.
            engine.get().agentLeft(leg.customer().contact());
        }

        @Override
        public void customerLeft(AgentLeg leg, boolean wasConnected) {
            offers.remove(leg.customer().contact());
            roster.agent(leg.agent()).ifPresent(agent -> {
                if (wasConnected && agent.state().onContact()) {
                    roster.endContact(agent);
                } else if (agent.state() == AgentState.PENDING) {
                    roster.withdrawOffer(agent);
                }
            });
        }
    }

    /** What each step of a softphone leg means for the agent and the contact. */
    private final class SoftphoneOutcomes implements SoftphoneLeg.Outcome {
        @Override
        public void connected(SoftphoneLeg leg) {
            ContactId contact = leg.customer().contact();
            Offered offered = offers.remove(contact);
            queues.queueOf(contact).map(w -> new QueueBook.Waiting(w.queue(),
                    offered != null ? offered.enqueuedAt() : w.since(), w.priority(), w.ageAdjustment()))
                    .ifPresent(w -> servedFrom.put(contact, w));
            engine.get().stopFlow(contact);
            queues.remove(contact);
            roster.agent(leg.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(agent -> {
                roster.connect(agent);
                AgentConfiguration c = agent.configuration();
                engine.get().agentConnected(contact, new io.switchboard.routing.contact.FlowData.AgentRef(c.username(),
                        c.firstName(), c.lastName(), c.agentArn()));
            });
        }

        @Override
        public void failed(SoftphoneLeg leg, String why) {
            ContactId contact = leg.customer().contact();
            softphones.detach(leg.agent(), leg);
            Offered offered = offers.remove(contact);
            roster.agent(leg.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::fail);
            if (offered != null) {
                queues.queueOf(contact).ifPresent(w -> router.enqueue(contact, offered.queue(), offered.enqueuedAt(),
                        w.priority(), w.ageAdjustment(), w.criteria(), w.criteriaSince()));
            }
            LOG.warn("contact {}: {}; {} is in Error, the caller keeps their place", contact, why, leg.agent());
        }

        @Override
        public void agentLeft(SoftphoneLeg leg) {
            softphones.detach(leg.agent(), leg);
            servedFrom.remove(leg.customer().contact());
            roster.agent(leg.agent()).filter(a -> a.state().onContact()).ifPresent(roster::endContact);
            engine.get().agentLeft(leg.customer().contact());
        }

        @Override
        public void customerLeft(SoftphoneLeg leg, boolean wasConnected) {
            softphones.detach(leg.agent(), leg);
            servedFrom.remove(leg.customer().contact());
            Offered offered = offers.remove(leg.customer().contact());
            if (offered != null && offered.timer() != null) {
                offered.timer().cancel();
            }
            roster.agent(leg.agent()).ifPresent(agent -> {
                if (wasConnected && agent.state().onContact()) {
                    roster.endContact(agent);
                } else if (agent.state() == AgentState.PENDING) {
                    roster.withdrawOffer(agent);
                }
            });
        }

        @Override
        public void mediaLost(SoftphoneLeg leg) {
            // The agent's panel is gone for now: the caller hears their hold flow, as on a hold.
            engine.get().runHook(leg.customer().contact(), EventHook.CUSTOMER_HOLD);
        }

        @Override
        public void mediaBack(SoftphoneLeg leg) {
            engine.get().stopFlow(leg.customer().contact());
        }

        /**
         * The agent's panel did not come back in time: their part ends as a disconnected agent's (After Contact
         * Work), and the contact goes back to the queue it waited in with its original place; the caller hears
         * the queue flow again until the next agent takes it. Without a queue to go back to, it ends.
         */
        @Override
        public void abandoned(SoftphoneLeg leg) {
            ContactId contact = leg.customer().contact();
            softphones.detach(leg.agent(), leg);
            QueueBook.Waiting from = servedFrom.remove(contact);
            roster.agent(leg.agent()).filter(a -> a.state().onContact()).ifPresent(roster::endContact);
            if (from == null) {
                engine.get().agentLeft(contact);
                return;
            }
            engine.get().runHook(contact, EventHook.CUSTOMER_QUEUE);
            queues.restore(contact, from);
            LOG.info("contact {}: {} did not come back; requeued in {} with its place since {}", contact, leg.agent(),
                    from.queue(), from.since());
        }
    }

    /**
     * A hook flow of {@code contact} ended: after the agent whisper the customer whisper plays to the caller,
     * after that the caller is bridged to the agent.
     */
    void hookFlowEnded(ContactId contact, EventHook hook) {
        if (hook == EventHook.OUTBOUND_WHISPER && outbound != null
                && calls.byContact(contact).map(outbound::whisperDone).orElse(false)) {
            return;
        }
        Optional<AgentLeg> leg = calls.byContact(contact).map(Call::agentLeg).filter(AgentLeg.class::isInstance)
                .map(AgentLeg.class::cast).filter(AgentLeg::whispering);
        if (leg.isEmpty()) {
            return;
        }
        if (hook == EventHook.AGENT_WHISPER) {
            engine.get().runHook(contact, EventHook.CUSTOMER_WHISPER);
        } else if (hook == EventHook.CUSTOMER_WHISPER || hook == EventHook.OUTBOUND_WHISPER) {
            leg.get().whispersDone();
        }
    }

    @Override
    public void hold(String username) {
        Agent agent = agentIn(username, AgentState.BUSY);
        AgentSide leg = legOf(agent);
        if (leg.whispering()) {
            throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                    username + " is not talking to the caller yet (the whispers play)");
        }
        leg.hold().whenComplete((v, error) -> {
            if (error != null) {
                leg.customer().warn("contact {}: the hold could not unbridge the caller: {}", leg.customer().contact(),
                        LoopRelay.rootMessage(error));
            }
        });
        roster.hold(agent);
        // The caller's hold flow ($.EventHooks.CustomerHold, else the default hold music) plays until resume.
        engine.get().runHook(leg.customer().contact(), EventHook.CUSTOMER_HOLD);
    }

    @Override
    public void resume(String username) {
        Agent agent = agentIn(username, AgentState.ON_HOLD);
        AgentSide leg = legOf(agent);
        if (softphones.paused(username)) {
            throw new AgentRequestException(AgentRequestException.Reason.NO_SOFTPHONE_MEDIA,
                    "the softphone's audio is not connected; the caller stays on hold until it is");
        }
        engine.get().stopFlow(leg.customer().contact());
        leg.resume().whenComplete((v, error) -> {
            if (error != null) {
                leg.customer().warn("contact {}: the resume could not bridge the caller again: {}",
                        leg.customer().contact(), LoopRelay.rootMessage(error));
            }
        });
        roster.resume(agent);
    }

    @Override
    public void hangUp(String username) {
        Agent agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
        if (!agent.state().onContact()) {
            if (outbound != null && outbound.cancel(agent)) {
                return;
            }
            throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                    username + " is not connected to a contact (" + agent.state() + ")");
        }
        legOf(agent).hangUpByAgent();
    }

    private Agent agentIn(String username, AgentState expected) {
        Agent agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(
                AgentRequestException.Reason.NOT_AN_AGENT, username + " is not an agent"));
        if (agent.state() != expected) {
            throw new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                    username + " is " + agent.state() + ", not " + expected);
        }
        return agent;
    }

    /** The agent's end (desk phone or softphone) of the call connected to them. */
    private AgentSide legOf(Agent agent) {
        return agent.contact().map(c -> ContactId.parse(c.contactId())).flatMap(calls::byContact)
                .map(Call::agentLeg).orElseThrow(() -> new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                        agent.username() + " has no call connected to their phone"));
    }

    /** On the loop: a caller of a softphone offer left; the agent is Available again. */
    void contactEnded(ContactId contact) {
        servedFrom.remove(contact);
        Offered offered = offers.remove(contact);
        if (offered != null && offered.leg() instanceof SoftphoneLeg leg) {
            if (offered.timer() != null) {
                offered.timer().cancel();
            }
            leg.withdraw();
            roster.agent(offered.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::withdrawOffer);
        }
    }
}

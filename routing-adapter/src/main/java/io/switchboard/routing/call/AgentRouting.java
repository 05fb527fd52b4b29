package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.User;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.contact.ContactId;
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
 * softphone agent is offered the contact for the same time; until the browser softphone can accept it, the
 * offer times out as missed. Owned by the contact center's loop.
 */
final class AgentRouting implements AgentCalls {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRouting.class);
    /** How long an offer rings before it counts as missed (Amazon Connect's softphone default). */
    static final Duration OFFER_TIME = Duration.ofSeconds(20);
    /** The name prefix of an agent's personal queue, as the instance's resources name it. */
    private static final String AGENT_QUEUE_PREFIX = "agent/";

    /** A contact offered to an agent and not yet connected or missed. */
    private record Offered(ContactId contact, String queue, Instant enqueuedAt, String agent, AgentLeg leg,
                           Cancellable timer) {
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
    /** Agents' outbound calls; null until the wiring gives them. */
    private OutboundCalls outbound;

    AgentRouting(ContactCenterLoop loop, EventBus events, AgentRoster roster, CallRegistry calls, QueueBook queues,
                 LoopRelay relay, Supplier<Dialer> dialer, Supplier<InstanceConfig> config, Supplier<FlowEngine> engine) {
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
        queues.countAgentsWith(this::agentCounts);
        queues.onReranked(contact -> {
            if (!offers.containsKey(contact)) {
                queues.queueOf(contact).ifPresent(w -> router.enqueue(contact, w.queue(), w.since(), w.priority(),
                        w.ageAdjustment()));
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
                Optional<QueueBook.Waiting> w = queues.queueOf(queued.contact());
                Instant since = w.map(QueueBook.Waiting::since).orElse(loop.now());
                router.enqueue(queued.contact(), queued.queue(), since,
                        w.map(QueueBook.Waiting::priority).orElse(Router.DEFAULT_PRIORITY),
                        w.map(QueueBook.Waiting::ageAdjustment).orElse(Duration.ZERO));
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
            if (!router.isAvailable(agent.username())) {
                router.agentAvailable(agent.username(), profile(agent.username(), agent.configuration().routingProfile()));
            }
        } else {
            router.agentUnavailable(agent.username());
        }
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
        if (agent.isEmpty() || call.isEmpty() || waiting.isEmpty()) {
            LOG.warn("contact {}: match with {} dropped (agent or caller no longer there)", match.contact(), match.agent());
            waiting.ifPresent(w -> router.enqueue(match.contact(), w.queue(), w.since(), w.priority(), w.ageAdjustment()));
            agent.ifPresent(this::follow);
            return;
        }
        AgentConfiguration configuration = agent.get().configuration();
        AgentConfiguration.QueueRef queueRef = configuration.routingProfile().queues().stream()
                .map(AgentConfiguration.ServedQueue::queue).filter(q -> q.name().equals(match.queue())).findFirst()
                .orElse(new AgentConfiguration.QueueRef(match.queue(), null));
        roster.offer(agent.get(), new AgentContact(match.contact().toString(), match.contact().toString(), "INBOUND",
                queueRef, waiting.get().since()));
        Optional<User> user = config.get().user(configuration.username());
        if (configuration.phoneType() == User.PhoneType.DESK && user.isPresent() && user.get().deskPhoneNumber() != null
                && dialer.get() != null) {
            AgentLeg leg = new AgentLeg(call.get(), match.agent(), relay, loop, new Outcomes(), OFFER_TIME);
            offers.put(match.contact(), new Offered(match.contact(), match.queue(), waiting.get().since(),
                    match.agent(), leg, null));
            call.get().attachAgent(leg);
            leg.start(dialer.get(), user.get().deskPhoneTrunk(), user.get().deskPhoneNumber().value(),
                    callerId(call.get(), match.queue()));
        } else {
            // The browser softphone accepts offers with the softphone issue; until then an offer rings out.
            Cancellable timer = loop.schedule(OFFER_TIME, () -> missed(match.contact(),
                    "not accepted within " + OFFER_TIME.toSeconds() + " s"));
            offers.put(match.contact(), new Offered(match.contact(), match.queue(), waiting.get().since(),
                    match.agent(), null, timer));
            call.get().log("contact {}: offered to {} (softphone)", match.contact(), match.agent());
        }
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
        roster.agent(offered.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::miss);
        queues.queueOf(contact).ifPresent(w ->
                router.enqueue(contact, offered.queue(), offered.enqueuedAt(), w.priority(), w.ageAdjustment()));
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

    /**
     * A hook flow of {@code contact} ended: after the agent whisper the customer whisper plays to the caller,
     * after that the caller is bridged to the agent.
     */
    void hookFlowEnded(ContactId contact, EventHook hook) {
        Optional<AgentLeg> leg = calls.byContact(contact).map(Call::agentLeg).filter(AgentLeg::whispering);
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
        AgentLeg leg = legOf(agent);
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
        AgentLeg leg = legOf(agent);
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

    /** The desk-phone leg connecting the agent's contact. */
    private AgentLeg legOf(Agent agent) {
        return agent.contact().map(c -> ContactId.parse(c.contactId())).flatMap(calls::byContact)
                .map(Call::agentLeg).orElseThrow(() -> new AgentRequestException(AgentRequestException.Reason.NO_CONTACT,
                        agent.username() + " has no call connected to their phone"));
    }

    /** On the loop: a caller of a softphone offer left; the agent is Available again. */
    void contactEnded(ContactId contact) {
        Offered offered = offers.remove(contact);
        if (offered != null && offered.leg() == null) {
            if (offered.timer() != null) {
                offered.timer().cancel();
            }
            roster.agent(offered.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::withdrawOffer);
        }
    }
}

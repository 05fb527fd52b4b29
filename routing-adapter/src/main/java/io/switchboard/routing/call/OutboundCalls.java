package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.config.model.User;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentContact;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRequestException.Reason;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.contact.FlowData;
import io.switchboard.routing.contact.InitiationMethod;
import io.switchboard.routing.contact.DialPlan;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.port.ResourceCatalog;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An agent's outbound call, as Connect places it from the CCP: the contact (InitiationMethod OUTBOUND) is
 * made from a queue (the one asked for, else the routing profile's default outbound queue), whose outbound
 * caller ID the customer sees. A desk-phone agent's phone rings first ({@link AgentLeg}); once it answers, the
 * customer is dialled through the trunk. A softphone agent's persistent WebRTC endpoint ({@link Softphones}) is
 * the agent side at once ({@link SoftphoneLeg}): the customer is dialled while the panel shows the contact
 * connecting. Once the customer answers, the outbound whisper flow (the queue's, else "Default outbound") plays
 * to them, then the two are bridged; a softphone agent hears ringback ({@link SoftphoneRingback}) until the
 * customer answers or is not reached. Either side hanging up, or the customer not answering, ends the contact and
 * puts the agent in After Contact Work; the desk phone not answering ends the contact with the agent back in
 * their status. The number is read as E.164 by the instance's default country ({@link DialPlan}). Owned by the
 * contact center's loop.
 */
final class OutboundCalls {

    private final ContactCenterLoop loop;
    private final EventBus events;
    private final AgentRoster roster;
    private final CallRegistry calls;
    private final LoopRelay relay;
    private final Supplier<Dialer> dialer;
    private final Supplier<InstanceConfig> config;
    private final Supplier<ResourceCatalog> catalog;
    private final Supplier<FlowEngine> engine;
    private final Softphones softphones;
    private final Supplier<Path> ringbackTone;
    /** The tone each softphone agent hears while their customer rings, by contact. */
    private final Map<ContactId, SoftphoneRingback> ringing = new HashMap<>();

    OutboundCalls(ContactCenterLoop loop, EventBus events, AgentRoster roster, CallRegistry calls, LoopRelay relay,
                  Supplier<Dialer> dialer, Supplier<InstanceConfig> config, Supplier<ResourceCatalog> catalog,
                  Supplier<FlowEngine> engine, Softphones softphones, Supplier<Path> ringbackTone) {
        this.softphones = softphones;
        this.ringbackTone = ringbackTone;
        this.loop = loop;
        this.events = events;
        this.roster = roster;
        this.calls = calls;
        this.relay = relay;
        this.dialer = dialer;
        this.config = config;
        this.catalog = catalog;
        this.engine = engine;
    }

    /**
     * Places {@code username}'s call to {@code typed} (read as E.164 by the instance's default country) from
     * {@code queueName} (null: the routing profile's default outbound queue); returns the new contact's id.
     * Throws {@link AgentRequestException} when the request does not fit: a number that cannot be read, a bad
     * queue (INVALID_REQUEST), an agent not logged in, Offline or already on a contact, a softphone without media.
     */
    ContactId place(String username, String typed, String queueName) {
        Agent agent = roster.agent(username).orElseThrow(() -> new AgentRequestException(Reason.NOT_AN_AGENT,
                username + " is not an agent"));
        InstanceConfig instance = config.get();
        String number;
        try {
            number = DialPlan.toE164(typed, instance.defaultCountry());
        } catch (IllegalArgumentException e) {
            throw new AgentRequestException(Reason.INVALID_REQUEST, "number: " + e.getMessage()
                    + " (numbers without a country code are read as " + instance.defaultCountry() + " numbers)");
        }
        if (agent.state() == AgentState.LOGGED_OUT) {
            throw new AgentRequestException(Reason.NOT_LOGGED_IN, username + " is not logged in");
        }
        if (agent.state().hasContact()) {
            throw new AgentRequestException(Reason.ON_CONTACT, username + " has a contact (" + agent.state() + ")");
        }
        if (agent.state() == AgentState.OFFLINE) {
            throw new AgentRequestException(Reason.NO_CONTACT, username
                    + " is Offline; choose Available or another status to place calls");
        }
        AgentConfiguration.QueueRef fallback = agent.configuration().routingProfile().defaultOutboundQueue();
        String name = queueName != null ? queueName : fallback == null ? null : fallback.name();
        if (name == null) {
            throw new AgentRequestException(Reason.INVALID_REQUEST,
                    "no queue given and " + username + "'s routing profile has no default outbound queue");
        }
        Route route = route(agent, name);
        Contact contact = new Contact(ContactId.random(), null, null, InitiationMethod.OUTBOUND,
                Endpoint.phone(number), Endpoint.phone(route.callerId()), loop.now());
        contact.setQueue(route.queueRef(), loop.now());
        contact.setEventHook(EventHook.OUTBOUND_WHISPER, route.whisperFlow());
        engine.get().open(contact);
        events.publish(new ContactEvent.ContactStarted(contact.id(), route.whisperFlow(), contact.snapshot()));
        ring(agent, contact.id(), number, InitiationMethod.OUTBOUND, route, new PlacedCall());
        return contact.id();
    }

    /** How a call from {@code queue} reaches the agent and the customer: caller ID, trunks, the agent's phone. */
    record Route(QueueRef queueRef, String callerId, String whisperFlow, SipTrunk agentTrunk, SipTrunk customerTrunk,
                 User.PhoneType phone, String deskNumber) {
    }

    /**
     * The route of a call by {@code agent} from the queue {@code name}; throws {@link AgentRequestException}
     * (INVALID_REQUEST) for an unknown queue, one without caller ID, no trunk that dials out or no phone to call
     * on, and NO_SOFTPHONE_MEDIA for a softphone without its audio connection.
     */
    Route route(Agent agent, String name) {
        InstanceConfig instance = config.get();
        String username = agent.username();
        Queue queue = instance.queues().stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new AgentRequestException(Reason.INVALID_REQUEST, "no queue named '" + name + "'"));
        if (queue.outboundCallerIdNumber() == null) {
            throw new AgentRequestException(Reason.INVALID_REQUEST, "queue " + name + " has no outbound caller ID number");
        }
        String callerId = queue.outboundCallerIdNumber().value();
        User user = instance.user(username).orElseThrow();
        User.PhoneType phone = agent.configuration().phoneType();
        String deskNumber = agent.configuration().deskPhoneNumber();
        if (phone == User.PhoneType.SIP || (phone == User.PhoneType.DESK && deskNumber == null)) {
            throw new AgentRequestException(Reason.INVALID_REQUEST,
                    username + " has no desk phone or softphone to call on; outbound calls ring the agent's phone first");
        }
        Optional<SipTrunk> trunk = LegSignallingPort.trunkFor(instance, user.deskPhoneTrunk());
        Optional<SipTrunk> customerTrunk = customerTrunk(instance, callerId, user.deskPhoneTrunk());
        if (dialer.get() == null || trunk.isEmpty() || customerTrunk.isEmpty()) {
            throw new AgentRequestException(Reason.INVALID_REQUEST, "no trunk dials out");
        }
        QueueRef queueRef = catalog.get().queue(name)
                .orElseThrow(() -> new AgentRequestException(Reason.INVALID_REQUEST, "queue " + name + " is not loaded"));
        if (phone == User.PhoneType.SOFTPHONE) {
            softphones.readyEndpoint(username).orElseThrow(() -> new AgentRequestException(Reason.NO_SOFTPHONE_MEDIA,
                    "the softphone has no audio connection to call on; allow the microphone and wait for the panel"
                    + " to connect"));
        }
        String whisper = queue.outboundWhisperFlow() != null ? queue.outboundWhisperFlow()
                : EventHook.OUTBOUND_WHISPER.defaultFlow();
        return new Route(queueRef, callerId, whisper, trunk.get(), customerTrunk.get(), phone, deskNumber);
    }

    /**
     * Gives the open contact {@code contactId} to {@code agent} and calls {@code number} for it along
     * {@code route}: a desk phone rings first and its answer dials the customer; a softphone is the agent side
     * at once and the customer is dialled now. {@code attempt} decides what a customer not reached or a desk
     * phone not answering means for the contact.
     */
    void ring(Agent agent, ContactId contactId, String number, InitiationMethod method, Route route,
              CallAttempt attempt) {
        Dialer edge = dialer.get();
        String username = agent.username();
        DialledCustomer customer = new DialledCustomer(method.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + contactId + "-" + loop.now().toEpochMilli(), route.customerTrunk().name(), route.callerId(), number);
        Call call = new Call(contactId, customer, relay, calls);
        calls.add(call);
        call.log("contact {}: {} calls {} from queue {} as {}", contactId, username, number, route.queueRef().name(),
                route.callerId());
        roster.offer(agent, new AgentContact(contactId.toString(), contactId.toString(), method.name(),
                new AgentConfiguration.QueueRef(route.queueRef().name(), route.queueRef().arn()), loop.now()));
        if (route.phone() == User.PhoneType.SOFTPHONE) {
            // The agent's panel is the agent side: nothing rings for them, the customer is dialled now; $.Agent
            // is known to the outbound whisper as on a desk phone.
            agentConnected(agent, call);
            call.attachAgent(new SoftphoneLeg(call, username, relay, new SoftphoneOutcomes(call)));
            dialCustomer(call, customer, edge, attempt);
            return;
        }
        AgentLeg leg = new AgentLeg(call, username, relay, loop, new Outcomes(call, customer, edge, attempt),
                AgentRouting.OFFER_TIME);
        call.attachAgent(leg);
        // The agent's phone shows whom they are calling.
        leg.start(edge, route.agentTrunk().name(), TrunkMediaSources.of(route.agentTrunk()), route.deskNumber(),
                number);
    }

    /**
     * The trunk the customer is dialled through: one whose own caller ID is the queue's (a carrier presents
     * only numbers it carries), else the agent's desk-phone trunk, else the first that dials out. Desk phones
     * often sit on a trunk of their own (a PBX), which must not carry calls to customers.
     */
    private static Optional<SipTrunk> customerTrunk(InstanceConfig instance, String callerId, String deskTrunk) {
        return instance.trunks().stream()
                .filter(t -> t.outbound() != null && t.callerIdNumber() != null
                        && t.callerIdNumber().value().equals(callerId))
                .findFirst().or(() -> LegSignallingPort.trunkFor(instance, deskTrunk));
    }

    /**
     * The outbound whisper of {@code call} ended: a softphone agent's endpoint is bridged to the customer now;
     * false when the call's agent side is not a softphone still dialling.
     */
    boolean whisperDone(Call call) {
        if (!(call.agentLeg() instanceof SoftphoneLeg leg) || leg.state() != SoftphoneLeg.State.OFFERED) {
            return false;
        }
        Optional<EndpointId> media = softphones.readyEndpoint(leg.agent());
        if (media.isEmpty()) {
            call.log("contact {}: {}'s softphone has no media to bridge the customer to", call.contact(), leg.agent());
            roster.agent(leg.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::endContact);
            engine.get().hangUp(call.contact(), DisconnectReason.AGENT_DISCONNECT);
            return true;
        }
        softphones.attach(leg.agent(), leg);
        leg.connect(media.get()).exceptionally(error -> null);
        return true;
    }

    /**
     * The softphone agent hangs up an outbound call before the customer answered: the dialling stops, the
     * agent goes to After Contact Work; false when the agent has no such call.
     */
    boolean cancel(Agent agent) {
        Optional<Call> call = agent.contact().map(c -> ContactId.parse(c.contactId())).flatMap(calls::byContact);
        if (agent.state() != AgentState.PENDING || call.isEmpty()
                || !(call.get().agentLeg() instanceof SoftphoneLeg leg) || leg.state() != SoftphoneLeg.State.OFFERED
                || call.get().leg().direction() != io.switchboard.sip.api.InboundCall.Direction.OUTBOUND) {
            return false;
        }
        call.get().log("contact {}: {} hung up before the customer answered", call.get().contact(), agent.username());
        stopRingback(call.get());
        roster.endContact(agent);
        engine.get().hangUp(call.get().contact(), DisconnectReason.AGENT_DISCONNECT);
        return true;
    }

    private void agentConnected(Agent agent, Call call) {
        AgentConfiguration c = agent.configuration();
        engine.get().agentConnected(call.contact(), new FlowData.AgentRef(c.username(), c.firstName(), c.lastName(),
                c.agentArn()));
    }

    /** Dials the customer through the trunk with a new media endpoint; a failure ends the contact. */
    private void dialCustomer(Call call, DialledCustomer customer, Dialer edge, CallAttempt attempt) {
        MediaSourcePolicy sources = TrunkMediaSources.of(config.get(), customer.trunk());
        relay.offer(customer.callId(), sources).whenComplete((media, error) -> {
            if (error != null) {
                call.warn("contact {}: no media endpoint for the customer: {}", call.contact(),
                        LoopRelay.rootMessage(error));
                attempt.customerNotReached(call, "no media endpoint for the customer");
                return;
            }
            if (call.ended()) {
                relay.destroy(media.id());
                return;
            }
            CustomerEvents listener = new CustomerEvents(call, media.id(), attempt);
            try {
                customer.dialled(edge.dial(customer.trunk(), customer.called(), customer.caller(), null,
                        media.localSdp(), new SipLegEvents(loop, listener)));
                call.log("contact {}: dialling the customer {} through trunk {}", call.contact(),
                        customer.called(), customer.trunk());
                startRingback(call);
            } catch (RuntimeException e) {
                call.warn("contact {}: cannot dial {}: {}", call.contact(), customer.called(), e.getMessage());
                relay.destroy(media.id());
                attempt.customerNotReached(call, "cannot dial " + customer.called() + ": " + e.getMessage());
            }
        });
    }

    /** A softphone agent hears ringback on their own endpoint while the customer rings. */
    private void startRingback(Call call) {
        if (call.agentLeg() instanceof SoftphoneLeg leg && leg.state() == SoftphoneLeg.State.OFFERED) {
            softphones.readyEndpoint(leg.agent()).map(media -> SoftphoneRingback.start(relay, media, ringbackTone.get(),
                    call.contact())).ifPresent(tone -> ringing.put(call.contact(), tone));
        }
    }

    private void stopRingback(Call call) {
        SoftphoneRingback tone = ringing.remove(call.contact());
        if (tone != null) {
            tone.stop();
        }
    }

    /** What the agent's phone means for an outbound contact. */
    private final class Outcomes implements AgentLeg.Outcome {
        private final Call call;
        private final DialledCustomer customer;
        private final Dialer edge;
        private final CallAttempt attempt;

        Outcomes(Call call, DialledCustomer customer, Dialer edge, CallAttempt attempt) {
            this.call = call;
            this.customer = customer;
            this.edge = edge;
            this.attempt = attempt;
        }

        /** The agent's phone answered: the agent has the contact, and the customer is dialled. */
        @Override
        public void answered(AgentLeg leg) {
            roster.agent(leg.agent()).ifPresent(agent -> {
                roster.connect(agent);
                agentConnected(agent, call);
            });
            dialCustomer(call, customer, edge, attempt);
        }

        @Override
        public void connected(AgentLeg leg) {
            engine.get().stopFlow(call.contact());
        }

        @Override
        public void missed(AgentLeg leg, String why) {
            attempt.agentMissed(call, leg.agent(), why);
        }

        @Override
        public void agentLeft(AgentLeg leg) {
            roster.agent(leg.agent()).filter(a -> a.state().onContact()).ifPresent(roster::endContact);
            engine.get().hangUp(call.contact(), DisconnectReason.AGENT_DISCONNECT);
        }

        @Override
        public void customerLeft(AgentLeg leg, boolean wasConnected) {
            roster.agent(leg.agent()).ifPresent(agent -> {
                if (agent.state().onContact()) {
                    roster.endContact(agent);
                } else if (agent.state() == AgentState.PENDING) {
                    roster.withdrawOffer(agent);
                }
            });
        }
    }

    /** What the softphone leg of an outbound contact means for the agent and the contact. */
    private final class SoftphoneOutcomes implements SoftphoneLeg.Outcome {
        private final Call call;

        SoftphoneOutcomes(Call call) {
            this.call = call;
        }

        /** The customer is bridged to the agent's softphone: the agent is connected (Busy). */
        @Override
        public void connected(SoftphoneLeg leg) {
            roster.agent(leg.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::connect);
            engine.get().stopFlow(call.contact());
        }

        @Override
        public void failed(SoftphoneLeg leg, String why) {
            stopRingback(call);
            softphones.detach(leg.agent(), leg);
            roster.agent(leg.agent()).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::fail);
            call.warn("contact {}: {}", call.contact(), why);
            engine.get().hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
        }

        @Override
        public void agentLeft(SoftphoneLeg leg) {
            stopRingback(call);
            softphones.detach(leg.agent(), leg);
            roster.agent(leg.agent()).filter(a -> a.state().onContact()).ifPresent(roster::endContact);
            engine.get().hangUp(call.contact(), DisconnectReason.AGENT_DISCONNECT);
        }

        /** The customer hung up or was not reached: the agent is in After Contact Work either way. */
        @Override
        public void customerLeft(SoftphoneLeg leg, boolean wasConnected) {
            stopRingback(call);
            softphones.detach(leg.agent(), leg);
            roster.agent(leg.agent()).filter(a -> a.state().onContact() || a.state() == AgentState.PENDING)
                    .ifPresent(roster::endContact);
        }

        @Override
        public void mediaLost(SoftphoneLeg leg) {
            engine.get().runHook(call.contact(), EventHook.CUSTOMER_HOLD);
        }

        @Override
        public void mediaBack(SoftphoneLeg leg) {
            engine.get().stopFlow(call.contact());
        }

        /** An outbound call has no queue to go back to: it ends as the agent's disconnect. */
        @Override
        public void abandoned(SoftphoneLeg leg) {
            agentLeft(leg);
        }
    }

    /**
     * An agent's own outbound call: a customer not reached ends the contact (the agent goes to After Contact
     * Work), and so does the agent's phone not answering, with the agent back in their status.
     */
    private final class PlacedCall implements CallAttempt {
        @Override
        public void customerNotReached(Call call, String why) {
            engine.get().hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
        }

        @Override
        public void agentMissed(Call call, String agent, String why) {
            roster.agent(agent).filter(a -> a.state() == AgentState.PENDING).ifPresent(roster::withdrawOffer);
            call.log("contact {}: {}'s phone did not take the outbound call: {}", call.contact(), agent, why);
            engine.get().hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
        }
    }

    /**
     * The customer's leg, on the loop: their answer applies their SDP and starts the outbound whisper; a
     * failure or no answer ends the contact; their hang-up ends it as a caller's does.
     */
    private final class CustomerEvents implements CallLegListener {
        private final Call call;
        private final EndpointId endpoint;
        private final CallAttempt attempt;
        private final LegRenegotiation renegotiation;
        /** The customer's 200 OK arrived. */
        private boolean answered;
        /** Their answer is applied: the call's customer leg is answered with the endpoint. */
        private boolean joined;
        /** Not reached: the endpoint is destroyed. */
        private boolean gone;

        CustomerEvents(Call call, EndpointId endpoint, CallAttempt attempt) {
            this.call = call;
            this.endpoint = endpoint;
            this.attempt = attempt;
            this.renegotiation = new LegRenegotiation(relay, call::endpoint, "contact " + call.contact() + " customer");
        }

        @Override
        public void onAnswered(String sdp) {
            if (answered || call.ended()) {
                return;
            }
            answered = true;
            stopRingback(call);
            relay.acceptAnswer(endpoint, sdp).whenComplete((v, error) -> {
                if (call.ended() || gone) {
                    return;
                }
                if (error != null) {
                    call.warn("contact {}: the customer's answer is not usable: {}", call.contact(),
                            LoopRelay.rootMessage(error));
                    engine.get().hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
                    return;
                }
                joined = true;
                call.answered(endpoint, sdp);
                attempt.customerAnswered(call);
                call.log("contact {}: the customer answered; the outbound whisper plays", call.contact());
                engine.get().runHook(call.contact(), EventHook.OUTBOUND_WHISPER);
            });
        }

        @Override
        public void onFailed(int statusCode, String reason) {
            notReached("the customer's side answered " + statusCode + (reason == null ? "" : " " + reason));
        }

        @Override
        public CompletionStage<String> onRemoteOffer(String offerSdp) {
            return renegotiation.answer(offerSdp);
        }

        @Override
        public void onRemoteOfferWithdrawn(String remoteSdp) {
            renegotiation.withdrawn(remoteSdp);
        }

        @Override
        public void onEnded(Party who, String why) {
            if (!joined) {
                notReached("the call to the customer ended before answer: " + why);
                return;
            }
            if (call.ended()) {
                return;
            }
            DisconnectReason reason = who == Party.REMOTE ? DisconnectReason.CUSTOMER_DISCONNECT
                    : DisconnectReason.TELECOM_PROBLEM;
            call.log("contact {}: the customer hung up ({} {}): {}", call.contact(), who, why, reason);
            call.callerLeft();
            engine.get().hangUp(call.contact(), reason);
        }

        /** The customer was not reached: their endpoint goes, and the attempt says what the contact does. */
        private void notReached(String why) {
            if (gone || joined) {
                return;
            }
            gone = true;
            stopRingback(call);
            relay.destroy(endpoint).exceptionally(e -> null);
            if (!call.ended()) {
                call.log("contact {}: {}", call.contact(), why);
                attempt.customerNotReached(call, why);
            }
        }
    }
}

package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.PhoneNumber;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.InboundCall;
import io.switchboard.sip.api.CallLegListener;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each inbound leg into a contact: finds the DID's flow (404 when the number is not ours), asks the
 * relay for an endpoint answering the caller's offer, answers the leg with it and starts the flow. The edge
 * hands the leg over on its SIP core loop; everything from the lookup on runs on the contact center's loop.
 */
final class InboundCalls implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);

    private final ContactCenterLoop loop;
    private final Supplier<InstanceConfig> config;
    private final FlowEngine engine;
    private final LoopRelay relay;
    private final CallRegistry calls;
    private final EventBus events;
    // Owned by the loop.
    private boolean accepting = true;
    /** Told of each new inbound contact before its flow starts (a caller whose callback waits is marked). */
    private java.util.function.Consumer<Contact> recognise = contact -> { };

    InboundCalls(ContactCenterLoop loop, Supplier<InstanceConfig> config, FlowEngine engine, LoopRelay relay,
                 CallRegistry calls, EventBus events) {
        this.loop = loop;
        this.config = config;
        this.engine = engine;
        this.relay = relay;
        this.calls = calls;
        this.events = events;
    }

    /** On the loop: from now on new calls get 503 (Service Unavailable) so the trunk tries elsewhere. */
    void stopAccepting() {
        accepting = false;
    }

    /** On the SIP core loop: the leg gets its listener now, as the edge requires, and the loop takes over. */
    @Override
    public void onIncomingCall(InboundCall leg) {
        SipLegEvents legEvents = new SipLegEvents(loop);
        leg.setListener(legEvents);
        loop.execute(() -> arrive(leg, legEvents));
    }

    private void arrive(InboundCall leg, SipLegEvents legEvents) {
        if (!accepting) {
            refuse(leg, 503, "draining");
            return;
        }
        InstanceConfig instance = config.get();
        String did = normalise(instance, leg.trunk(), leg.called());
        Optional<PhoneNumber> number = instance.phoneNumber(did);
        if (number.isEmpty()) {
            // what toll fraud through a trunk looks like: the edge reports it as a security event
            String why = "no phone number " + did + " in this instance";
            leg.rejectUnauthorisedDestination(why + " (trunk " + leg.trunk() + ")");
            refused(leg, 404, why);
            return;
        }
        String flowName = number.get().flow();
        if (engine.library().flow(flowName).isEmpty()) {
            // The flow failed validation: its problems were logged at load; the trunk may try another route.
            refuse(leg, 503, "flow " + flowName + " of " + did + " is not published");
            return;
        }
        if (leg.remoteSdp() == null || leg.remoteSdp().isBlank()) {
            refuse(leg, 488, "INVITE without an SDP offer (late offer is not supported)");
            return;
        }
        Contact contact = Contact.inbound(endpoint(leg.caller()), Endpoint.phone(did), loop.now());
        recognise.accept(contact);
        Call call = new Call(contact.id(), leg, relay, calls);
        calls.add(call);
        legEvents.bind(new CustomerLegEvents(call));
        call.log("contact {} started: {} called {} on trunk {}, flow {}", contact.id(), leg.caller(), did,
                leg.trunk(), flowName);
        relay.answer(leg.callId(), leg.remoteSdp(), TrunkMediaSources.of(instance, leg.trunk())).whenComplete((media, error) -> {
            if (error != null) {
                mediaFailed(call, error);
            } else {
                answer(call, contact, media, flowName);
            }
        });
    }

    private void answer(Call call, Contact contact, NegotiatedEndpoint media, String flowName) {
        if (call.ended()) {
            // The caller gave up while the relay was answering: nothing else owns the new endpoint.
            relay.destroy(media.id());
            call.release(false);
            return;
        }
        call.answered(media.id(), media.localSdp());
        try {
            engine.start(contact, flowName);
            events.publish(new ContactEvent.ContactStarted(contact.id(), flowName, contact.snapshot()));
        } catch (IllegalArgumentException e) {
            // Unpublished by a reload between the check and now.
            call.warn("contact {}: cannot start flow {}: {}", contact.id(), flowName, e.getMessage());
            call.release(true);
        }
    }

    private void mediaFailed(Call call, Throwable error) {
        call.warn("contact {}: the relay cannot answer the offer: {}", call.contact(), LoopRelay.rootMessage(error));
        // 488 when the offer itself is unacceptable, 500 for our own failures.
        int status = LoopRelay.offerRejected(error) ? 488 : 500;
        if (call.refuse(status)) {
            events.publish(new ContactEvent.CallRefused(call.leg().callId(), status, LoopRelay.rootMessage(error)));
        }
    }

    private void refuse(InboundCall leg, int status, String why) {
        leg.reject(status);
        refused(leg, status, why);
    }

    private void refused(InboundCall leg, int status, String why) {
        LOG.info("call {} from {} to {} refused with {}: {}", leg.callId(), leg.caller(), leg.called(), status, why);
        events.publish(new ContactEvent.CallRefused(leg.callId(), status, why));
    }

    /** The called number after the trunk's inbound rules, as the instance's phone numbers are written. */
    static String normalise(InstanceConfig instance, String trunkName, String called) {
        Optional<SipTrunk> trunk = instance.trunk(trunkName);
        if (trunk.isPresent()) {
            for (SipTrunk.NumberRule rule : trunk.get().numberRules()) {
                if (rule.direction() == SipTrunk.NumberDirection.OUTBOUND) {
                    continue;
                }
                String rewritten = rule.apply(called);
                if (rewritten != null) {
                    return rewritten;
                }
            }
        }
        return called;
    }

    /** A caller's number as a CTR endpoint: E.164 when it is one, else the SIP user as a VOIP address. */
    static Endpoint endpoint(String caller) {
        if (caller != null && PhoneNumbers.isE164(caller)) {
            return Endpoint.phone(caller);
        }
        return new Endpoint(caller == null || caller.isBlank() ? "anonymous" : caller, "VOIP");
    }

    /**
     * The caller's leg events, on the loop: the far end hanging up ends the contact and frees its media; its
     * new offers (hold, resume) update the caller's endpoint.
     */
    private final class CustomerLegEvents implements CallLegListener {
        private final Call call;
        private final LegRenegotiation renegotiation;

        CustomerLegEvents(Call call) {
            this.call = call;
            this.renegotiation = new LegRenegotiation(relay, call::endpoint, "contact " + call.contact() + " caller");
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
            if (call.ended()) {
                return; // we ended it, and released the call then
            }
            // A local end we did not ask for is the edge giving up on the dialog (no ACK, transport failure).
            DisconnectReason reason = who == Party.REMOTE ? DisconnectReason.CUSTOMER_DISCONNECT
                    : DisconnectReason.TELECOM_PROBLEM;
            call.log("contact {}: call ended by {} ({}): {}", call.contact(), who, why, reason);
            if (call.customer().state() == CustomerLeg.State.OFFERED) {
                // Gone while the relay was answering: no contact started, no record to wait for.
                call.release(false);
                return;
            }
            // The caller is marked gone first, so the release after the record is written sends no BYE; the
            // agent's phone and a transfer are hung up now.
            call.callerLeft();
            engine.hangUp(call.contact(), reason);
        }
    }

    /** Whom to tell of each new inbound contact before its flow starts; once, at wiring. */
    void recogniseWith(java.util.function.Consumer<Contact> recogniser) {
        this.recognise = java.util.Objects.requireNonNull(recogniser, "recogniser");
    }
}

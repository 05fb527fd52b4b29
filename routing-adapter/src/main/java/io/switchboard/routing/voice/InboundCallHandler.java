package io.switchboard.routing.voice;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.PhoneNumber;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.InboundCall;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each inbound leg into a contact: finds the DID's flow (404 when the number is not ours), asks the
 * relay for an endpoint answering the caller's offer, answers the leg with it and starts the flow. Runs
 * on the SIP core loop; everything after the lookup continues on the relay's answer, never blocking.
 */
final class InboundCallHandler implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCallHandler.class);

    private final Supplier<InstanceConfig> config;
    private final FlowEngine engine;
    private final MediaRelay relay;
    private final VoiceCalls calls;
    private final Clock clock;
    private volatile boolean accepting = true;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    InboundCallHandler(Supplier<InstanceConfig> config, FlowEngine engine, MediaRelay relay, VoiceCalls calls,
                       Clock clock) {
        this.config = config;
        this.engine = engine;
        this.relay = relay;
        this.calls = calls;
        this.clock = clock;
    }

    /** From now on new calls get 503 (Service Unavailable) so the trunk tries elsewhere; calls in progress go on. */
    void stopAccepting() {
        accepting = false;
    }

    @Override
    public void onIncomingCall(InboundCall leg) {
        if (!accepting) {
            reject(leg, 503, "draining");
            return;
        }
        InstanceConfig instance = config.get();
        String did = normalise(instance, leg.trunk(), leg.called());
        Optional<PhoneNumber> number = instance.phoneNumber(did);
        if (number.isEmpty()) {
            reject(leg, 404, "no phone number " + did + " in this instance");
            return;
        }
        String flowName = number.get().flow();
        if (engine.library().flow(flowName).isEmpty()) {
            // The flow failed validation: its problems were logged at load; the trunk may try another route.
            reject(leg, 503, "flow " + flowName + " of " + did + " is not published");
            return;
        }
        if (leg.remoteSdp() == null || leg.remoteSdp().isBlank()) {
            reject(leg, 488, "INVITE without an SDP offer (late offer is not supported)");
            return;
        }
        Contact contact = Contact.inbound(endpoint(leg.caller()), Endpoint.phone(did), clock.instant());
        VoiceCall call = new VoiceCall(contact.id(), leg);
        calls.add(call);
        leg.setListener(new LegEvents(call));
        try (var mdc = call.logContext()) {
            LOG.info("contact {} started: {} called {} on trunk {}, flow {}", contact.id(), leg.caller(), did,
                    leg.trunk(), flowName);
        } finally {
            VoiceCall.clearCallId();
        }
        relay.answer(leg.callId(), leg.remoteSdp()).whenComplete((media, error) -> {
            if (error != null) {
                mediaFailed(call, error);
            } else {
                answer(call, contact, media, flowName);
            }
        });
    }

    private void answer(VoiceCall call, Contact contact, NegotiatedEndpoint media, String flowName) {
        if (!call.attach(media.id())) {
            // The caller gave up while the relay was answering: nothing else owns the new endpoint.
            relay.destroy(media.id());
            return;
        }
        calls.indexEndpoint(call, media.id());
        call.leg().answer(media.localSdp());
        try {
            engine.start(contact, flowName);
            accepted.incrementAndGet();
        } catch (IllegalArgumentException e) {
            // Unpublished by a reload between the check and now.
            try (var mdc = call.logContext()) {
                LOG.warn("contact {}: cannot start flow {}: {}", contact.id(), flowName, e.getMessage());
            } finally {
                VoiceCall.clearCallId();
            }
            LegSignallingPort.release(call, relay, calls, true);
        }
    }

    private void mediaFailed(VoiceCall call, Throwable error) {
        String why = RelayMediaPort.rootMessage(error);
        try (var mdc = call.logContext()) {
            LOG.warn("contact {}: the relay cannot answer the offer: {}", call.contact(), why);
        } finally {
            VoiceCall.clearCallId();
        }
        if (call.markEnded()) {
            calls.remove(call);
            // 488 when the offer itself is unacceptable (the relay's SdpException), 500 for our own failures.
            call.leg().reject(causedBy(error, "SdpException") ? 488 : 500);
            rejected.incrementAndGet();
        }
    }

    /** Matched by simple name: the exception type lives outside media-relay's api package. */
    static boolean causedBy(Throwable error, String simpleName) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    private void reject(InboundCall leg, int status, String why) {
        LOG.info("call {} from {} to {} refused with {}: {}", leg.callId(), leg.caller(), leg.called(), status, why);
        leg.reject(status);
        rejected.incrementAndGet();
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
     * Leg events of one call: the far end hanging up ends the contact and frees its media; its new offers
     * (hold, resume) update the caller's endpoint.
     */
    private final class LegEvents implements CallLegListener {
        private final VoiceCall call;
        private final LegRenegotiation renegotiation;

        LegEvents(VoiceCall call) {
            this.call = call;
            this.renegotiation = new LegRenegotiation(relay, () -> call.ended() ? null : call.endpoint(),
                    "contact " + call.contact() + " caller");
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
            try (var mdc = call.logContext()) {
                LOG.info("contact {}: call ended by {} ({}): {}", call.contact(), who, why, reason);
            } finally {
                VoiceCall.clearCallId();
            }
            // Released before the engine hears of it: the contact's end would otherwise release the call
            // itself, with a BYE to a caller who already left.
            LegSignallingPort.release(call, relay, calls, false);
            engine.hangUp(call.contact(), reason);
        }
    }
}

package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.sip.api.InboundCall;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One inbound call: its contact, the caller's leg with its media endpoint, the transfer to a third party in
 * progress (if any), and what the caller hears now. The call owns them all and tears them down once, through
 * {@link #release} (or {@link #refuse} before answer). Owned by the contact center's loop, like everything it
 * holds: no field here is touched from another thread.
 */
final class Call {

    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    private final ContactId contact;
    private final CustomerLeg customer;
    private final LoopRelay relay;
    private final CallRegistry registry;
    private ThirdPartyLeg thirdParty;
    /** The agent's end while the contact is offered to a desk phone or connected to the agent. */
    private AgentSide agent;
    /** The playback the caller hears now, so a late stop of an older one is ignored. */
    private RelayPlayback playback;
    /** The last play request sent to the relay; the next one waits for it. */
    private CompletableFuture<Long> playChain = CompletableFuture.completedFuture(0L);

    Call(ContactId contact, InboundCall leg, LoopRelay relay, CallRegistry registry) {
        this.contact = Objects.requireNonNull(contact, "contact");
        this.customer = new CustomerLeg(Objects.requireNonNull(leg, "leg"));
        this.relay = relay;
        this.registry = registry;
    }

    ContactId contact() {
        return contact;
    }

    InboundCall leg() {
        return customer.sip();
    }

    CustomerLeg customer() {
        return customer;
    }

    /** The caller's endpoint while the call is up and answered, else null. */
    EndpointId endpoint() {
        return customer.endpoint();
    }

    /** The caller is gone (hung up, refused or released). */
    boolean ended() {
        return customer.state() == CustomerLeg.State.ENDED || customer.state() == CustomerLeg.State.LEFT;
    }

    /** The call is released: its endpoint destroyed and the registry rid of it. */
    boolean released() {
        return customer.state() == CustomerLeg.State.ENDED;
    }

    /**
     * The caller hung up: a transfer still on the call is cancelled and the agent's phone hung up now (their
     * After Contact Work starts), while the caller's endpoint and the call stay until {@link #release} (after
     * the contact's record is written). False when the caller was already gone.
     */
    boolean callerLeft() {
        if (ended()) {
            return false;
        }
        customer.left();
        dropOthers();
        return true;
    }

    /** The relay answered the caller's offer: the leg is answered and the call found by its endpoint. */
    void answered(EndpointId endpoint, String sdp) {
        customer.answer(endpoint, sdp);
        registry.indexEndpoint(this, endpoint);
    }

    /** Records a transfer in progress; false when the call already ended. */
    boolean attachThirdParty(ThirdPartyLeg leg) {
        if (ended()) {
            return false;
        }
        thirdParty = leg;
        return true;
    }

    /** Records the agent's leg; false when the call already ended. */
    boolean attachAgent(AgentSide leg) {
        if (ended()) {
            return false;
        }
        agent = leg;
        return true;
    }

    /** The agent's leg while offered or connected, else null. */
    AgentSide agentLeg() {
        return agent;
    }

    /** The agent's leg is over: the call no longer holds it. */
    void detachAgent(AgentSide leg) {
        if (agent == leg) {
            agent = null;
        }
    }

    /**
     * Tears the call down once: cancels a transfer still on it, hangs up the caller (when {@code hangUpLeg}: the
     * far end is still there), destroys the media endpoint and forgets the call. False when it had ended.
     */
    boolean release(boolean hangUpLeg) {
        return tearDown(hangUpLeg ? CustomerLeg.Signal.HANG_UP : CustomerLeg.Signal.NONE, 0);
    }

    /** Before answer: refuses the caller with {@code status} and tears the call down. */
    boolean refuse(int status) {
        return tearDown(CustomerLeg.Signal.REFUSE, status);
    }

    private boolean tearDown(CustomerLeg.Signal signal, int status) {
        if (released()) {
            return false;
        }
        customer.end(signal, status);
        dropOthers();
        EndpointId endpoint = customer.endpointToDestroy();
        if (endpoint != null) {
            relay.destroy(endpoint).exceptionally(error -> {
                LOG.debug("endpoint {} already gone: {}", endpoint, error.toString());
                return null;
            });
        }
        registry.remove(this, endpoint);
        return true;
    }

    /** Cancels a transfer still on the call and hangs up the agent's phone. */
    private void dropOthers() {
        ThirdPartyLeg leg = thirdParty;
        thirdParty = null;
        if (leg != null) {
            leg.cancel();
        }
        AgentSide agentLeg = agent;
        agent = null;
        if (agentLeg != null) {
            agentLeg.customerGone();
        }
    }

    /** Makes {@code next} the current playback; returns the one it replaces (or null). */
    RelayPlayback replacePlayback(RelayPlayback next) {
        RelayPlayback previous = playback;
        playback = next;
        return previous;
    }

    boolean isCurrent(RelayPlayback p) {
        return playback == p;
    }

    RelayPlayback currentPlayback() {
        return playback;
    }

    /**
     * Sends a play request to the relay only after the previous one was accepted, so the relay starts
     * them in the order the engine asked for them (it loads prompts asynchronously).
     */
    CompletableFuture<Long> chainPlay(Supplier<CompletableFuture<Long>> request) {
        CompletableFuture<Long> next = playChain.handle((id, error) -> null).thenCompose(ignored -> request.get());
        playChain = next;
        return next;
    }

    /** Puts the contact and SIP call ids in the MDC for the log lines of a block; close it after. */
    MDC.MDCCloseable logContext() {
        MDC.put("callId", customer.sip().callId());
        return MDC.putCloseable("contactId", contact.toString());
    }

    /** Logs {@code format} at info with the call's ids in the MDC. */
    void log(String format, Object... args) {
        try (var mdc = logContext()) {
            LOG.info(format, args);
        } finally {
            MDC.remove("callId");
        }
    }

    /** Logs {@code format} at warn with the call's ids in the MDC. */
    void warn(String format, Object... args) {
        try (var mdc = logContext()) {
            LOG.warn(format, args);
        } finally {
            MDC.remove("callId");
        }
    }

    @Override
    public String toString() {
        return "call " + customer.sip().id() + " contact " + contact;
    }
}

package io.switchboard.routing.voice;

import io.switchboard.media.api.EndpointId;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.sip.api.InboundCall;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * One inbound call as the voice wiring sees it: the contact, the caller's SIP leg and, once the relay has
 * answered the offer, the caller's media endpoint. Entry points hold it through {@link VoiceCalls}; the
 * teardown (leg, endpoint) happens once, from {@link #markEnded()} callers.
 *
 * <p>Touched from the SIP core loop (leg events), a media loop (relay futures), the relay event thread
 * (DTMF, playback events) and the engine thread (ports); every mutable field is guarded by {@code this}.
 */
final class VoiceCall {

    private final ContactId contact;
    private final InboundCall leg;
    /** Guarded by this. */
    private EndpointId endpoint;
    /** Guarded by this. */
    private boolean ended;
    /** Guarded by this: the transfer to an external number in progress, if any. */
    private ThirdPartyLeg thirdParty;
    /** Guarded by this: the playback the caller hears now, so a late stop of an older one is ignored. */
    private RelayPlayback playback;
    /** Guarded by this: the last play request sent to the relay. */
    private CompletableFuture<Long> playChain = CompletableFuture.completedFuture(0L);

    VoiceCall(ContactId contact, InboundCall leg) {
        this.contact = Objects.requireNonNull(contact, "contact");
        this.leg = Objects.requireNonNull(leg, "leg");
    }

    ContactId contact() {
        return contact;
    }

    InboundCall leg() {
        return leg;
    }

    synchronized EndpointId endpoint() {
        return endpoint;
    }

    /**
     * Records the caller's endpoint; false when the call already ended, in which case the caller of this
     * method owns the endpoint and must destroy it.
     */
    synchronized boolean attach(EndpointId id) {
        if (ended) {
            return false;
        }
        this.endpoint = id;
        return true;
    }

    /** Marks the call ended; true only for the first caller, who then tears the call down. */
    synchronized boolean markEnded() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /** Records a transfer in progress; false when the call already ended. */
    synchronized boolean attachThirdParty(ThirdPartyLeg leg) {
        if (ended) {
            return false;
        }
        thirdParty = leg;
        return true;
    }

    /** The transfer to tear down with the call, once. */
    synchronized ThirdPartyLeg takeThirdParty() {
        ThirdPartyLeg leg = thirdParty;
        thirdParty = null;
        return leg;
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Makes {@code next} the current playback; returns the one it replaces (or null). */
    synchronized RelayPlayback replacePlayback(RelayPlayback next) {
        RelayPlayback previous = playback;
        playback = next;
        return previous;
    }

    synchronized boolean isCurrent(RelayPlayback p) {
        return playback == p;
    }

    synchronized RelayPlayback currentPlayback() {
        return playback;
    }

    /**
     * Sends a play request to the relay only after the previous one was accepted, so the relay starts
     * them in the order the engine asked for them.
     */
    synchronized CompletableFuture<Long> chainPlay(Supplier<CompletableFuture<Long>> request) {
        CompletableFuture<Long> next = playChain.handle((id, error) -> null).thenCompose(ignored -> request.get());
        playChain = next;
        return next;
    }

    /** Puts the contact and SIP call ids in the MDC for the log lines of a block; close it after. */
    MDC.MDCCloseable logContext() {
        MDC.put("callId", leg.callId());
        return MDC.putCloseable("contactId", contact.toString());
    }

    static void clearCallId() {
        MDC.remove("callId");
    }

    @Override
    public String toString() {
        return "call " + leg.id() + " contact " + contact;
    }
}

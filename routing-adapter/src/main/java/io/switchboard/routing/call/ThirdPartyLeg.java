package io.switchboard.routing.call;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaSourcePolicy;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer to an external number: a relay endpoint offered for the outbound leg (same call id as the
 * caller's, so both sit on one media loop), the INVITE through a trunk, and on answer the answer applied,
 * the two endpoints bridged and the flow's DTMF digits sent to the third party. When the third party
 * leaves, the caller's endpoint is unbridged before {@link #ended()} completes, so a resumed flow's
 * prompts reach the caller. Teardown (leg, bridge, endpoint) happens once, whoever asks first.
 *
 * <p>Until the answer the caller hears what a phone user expects: the far end's early media (18x with SDP,
 * applied as a provisional answer and bridged; the 200's SDP replaces it), otherwise the {@link Ringback} tone
 * from 180 Ringing, or from {@link #RINGBACK_WITHOUT_PROGRESS} after the dial when nothing came. The tone
 * stops when early media is bridged, and before the answer, a failure or a cancel is reported, so the flow's
 * next prompt comes after it. Relay steps on the outbound endpoint (answers, bridge, release) run one after
 * the other, in the order the SIP events came.
 *
 * <p>Owned by the contact center's loop: the leg's events are handed over by {@link SipLegEvents}, relay
 * answers by {@link LoopRelay}, and the engine cancels and schedules timers there.
 */
final class ThirdPartyLeg implements ThirdPartyCall, CallLegListener {

    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyLeg.class);
    /** A comma in the digits waits half a second, as AWS telephony's SendDigits does. */
    static final Duration COMMA_PAUSE = Duration.ofMillis(500);
    /** With neither 180 nor early media this long after the dial, the caller hears ringback anyway. */
    static final Duration RINGBACK_WITHOUT_PROGRESS = Duration.ofSeconds(1);

    /** The transfer's lifecycle; each state names the states it may move to. */
    enum State {
        /** Waiting for the relay's endpoint for the outbound leg. */
        OFFERING,
        /** INVITE sent; nothing but 100 Trying back yet. */
        DIALLING,
        /** The caller hears ringback (180 came, or nothing did for a second). */
        RINGING,
        /** The far end's 18x SDP is applied and bridged (or being applied). */
        EARLY_MEDIA,
        /** The 200 arrived; its answer is being applied and bridged. */
        ANSWERING,
        /** Answered and bridged; the flow was told. */
        CONNECTED,
        /** Cancelled, failed or hung up: final. */
        ENDED;

        Set<State> next() {
            return switch (this) {
                case OFFERING -> EnumSet.of(DIALLING, ENDED);
                case DIALLING -> EnumSet.of(RINGING, EARLY_MEDIA, ANSWERING, ENDED);
                case RINGING -> EnumSet.of(EARLY_MEDIA, ANSWERING, ENDED);
                case EARLY_MEDIA -> EnumSet.of(ANSWERING, ENDED);
                case ANSWERING -> EnumSet.of(CONNECTED, ENDED);
                case CONNECTED -> EnumSet.of(ENDED);
                case ENDED -> EnumSet.noneOf(State.class);
            };
        }

        /** Before the answer: early media and ringback may still start. */
        boolean beforeAnswer() {
            return this == OFFERING || this == DIALLING || this == RINGING || this == EARLY_MEDIA;
        }
    }

    private final Call customer;
    private final ThirdPartyDial dial;
    private final LoopRelay relay;
    private final ContactCenterLoop loop;
    private final CallRegistry registry;
    /** Called when a handed-over third party hangs up: the caller goes with them. */
    private final Consumer<Call> handedOverEnded;
    private final CompletableFuture<Void> answered = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LegRenegotiation renegotiation;
    private final Ringback ringback;
    private State state = State.OFFERING;
    /** The outbound endpoint; null before the relay made it and after it was released. */
    private EndpointId endpoint;
    private CallLeg leg;
    /** The relay bridges the two endpoints (early media or answered): a media fact, apart from the state. */
    private boolean bridged;
    /** The far end's description applied last or being applied, or null. */
    private String remoteSdp;
    /** The last relay step on the outbound endpoint; the next one waits for it. */
    private CompletableFuture<Void> steps = CompletableFuture.completedFuture(null);
    /** The ringback fallback for a far end that sends nothing, or null. */
    private Cancellable progressTimer;
    /** What is left to send, digit groups and pauses (",") in order. */
    private final Deque<String> digitsLeft = new ArrayDeque<>();

    /** {@code ringbackTone} is the file looped to the caller while the third party rings, or null for silence. */
    ThirdPartyLeg(Call customer, ThirdPartyDial dial, LoopRelay relay, ContactCenterLoop loop, CallRegistry registry,
                  Consumer<Call> handedOverEnded, Path ringbackTone) {
        this.customer = customer;
        this.dial = dial;
        this.relay = relay;
        this.loop = loop;
        this.registry = registry;
        this.handedOverEnded = handedOverEnded;
        dial.digits().ifPresent(d -> digitsLeft.addAll(groups(d)));
        this.renegotiation = new LegRenegotiation(relay, this::liveEndpoint,
                "contact " + customer.contact() + " third party " + dial.number());
        this.ringback = new Ringback(customer, relay, ringbackTone);
    }

    /** "12,,34#" -> ["12", ",", ",", "34#"]: digit runs for the relay, one entry per pause. */
    static Deque<String> groups(String digits) {
        Deque<String> out = new ArrayDeque<>();
        StringBuilder run = new StringBuilder();
        for (char c : digits.toCharArray()) {
            if (c == ',') {
                if (run.length() > 0) {
                    out.add(run.toString());
                    run.setLength(0);
                }
                out.add(",");
            } else {
                run.append(c);
            }
        }
        if (run.length() > 0) {
            out.add(run.toString());
        }
        return out;
    }

    State state() {
        return state;
    }

    private void moveTo(State target) {
        if (!state.next().contains(target)) {
            throw new IllegalStateException(this + ": " + state + " -> " + target);
        }
        state = target;
    }

    /**
     * Offers media for the outbound leg, then places the call to {@code number} (the dialled number as the
     * trunk wants it) through {@code trunk} through {@code dialer}; its media admits RTP sources as
     * {@code sources} says.
     */
    void start(Dialer dialer, String trunk, MediaSourcePolicy sources, String number, String callerId,
            String callerName) {
        relay.offer(customer.leg().callId(), sources).whenComplete((media, error) -> {
            if (error != null) {
                fail("no media endpoint for the outbound leg: " + LoopRelay.rootMessage(error));
                return;
            }
            endpoint = media.id();
            if (state == State.ENDED) {
                releaseMedia();
                return;
            }
            registry.indexThirdParty(media.id(), this);
            try {
                leg = dialer.dial(trunk, number, callerId, callerName, media.localSdp(), new SipLegEvents(loop, this));
            } catch (RuntimeException e) {
                fail("cannot dial " + number + " through trunk " + trunk + ": " + e.getMessage());
                return;
            }
            moveTo(State.DIALLING);
            progressTimer = loop.schedule(RINGBACK_WITHOUT_PROGRESS, this::ringbackUnlessProgress);
        });
    }

    /** The far end said nothing yet (or only 100 Trying): a phone would ring back by now. */
    private void ringbackUnlessProgress() {
        if (state == State.DIALLING) {
            moveTo(State.RINGING);
            ringback.start();
        }
    }

    @Override
    public void onRinging() {
        if (state != State.DIALLING) {
            return;
        }
        LOG.debug("contact {}: {} rings; ringback to the caller", customer.contact(), dial.number());
        moveTo(State.RINGING);
        ringback.start();
    }

    /**
     * The far end's early media: its SDP applied as a provisional answer (RFC 3261 section 13.2.1 lets 18x carry
     * it) and the caller bridged to it, so the caller hears its announcement or its own ringback. A repeated 18x
     * with the same SDP changes nothing; one with a new SDP updates the endpoint.
     */
    @Override
    public void onEarlyMedia(String sdp) {
        if (!state.beforeAnswer() || endpoint == null || sdp.equals(remoteSdp)) {
            return;
        }
        boolean first = remoteSdp == null;
        remoteSdp = sdp;
        if (state != State.EARLY_MEDIA) {
            moveTo(State.EARLY_MEDIA);
        }
        cancelProgressTimer();
        applyRemote(endpoint, sdp).whenComplete((v, error) -> {
            if (state == State.ENDED) {
                return;
            }
            if (error != null) {
                // Not fatal: the 200 may still bring a usable answer. Meanwhile the caller hears ringback.
                LOG.warn("contact {}: early media from {} not usable: {}", customer.contact(), dial.number(),
                        LoopRelay.rootMessage(error));
                ringback.start();
                return;
            }
            ringback.stop();
            if (first) {
                LOG.info("contact {}: early media from {}; the caller hears it", customer.contact(), dial.number());
            }
        });
    }

    /** Applies the far end's description to the outbound endpoint and bridges the caller to it, after earlier steps. */
    private CompletableFuture<Void> applyRemote(EndpointId own, String sdp) {
        EndpointId caller = customer.endpoint();
        return step(() -> {
            if (state == State.ENDED) {
                return CompletableFuture.failedFuture(new IllegalStateException("the transfer is over"));
            }
            return relay.acceptAnswer(own, sdp).thenCompose(v -> bridged ? CompletableFuture.completedFuture(null)
                    : relay.bridge(caller, own).thenRun(() -> bridged = true));
        });
    }

    /** Runs {@code next} after every relay step asked for before it, whatever their outcome. */
    private CompletableFuture<Void> step(Supplier<CompletableFuture<Void>> next) {
        CompletableFuture<Void> run = steps.handle((v, e) -> null).thenCompose(ignored -> next.get());
        steps = run;
        return run;
    }

    @Override
    public CompletionStage<Void> answered() {
        return answered;
    }

    @Override
    public CompletionStage<Void> ended() {
        return ended;
    }

    @Override
    public void cancel() {
        finish("transfer abandoned");
    }

    /** The answer: its SDP replaces the early media's when it differs, the bridge stands, the ringback stops. */
    @Override
    public void onAnswered(String sdp) {
        if (state == State.ENDED || !state.beforeAnswer()) {
            return;
        }
        moveTo(State.ANSWERING);
        boolean sameAsEarly = sdp == null || sdp.equals(remoteSdp);
        if (sdp != null) {
            remoteSdp = sdp;
        }
        CompletableFuture<Void> media;
        if (sameAsEarly) {
            // Already applied for early media; the step chain still waits for its bridge.
            media = step(() -> bridged ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new IllegalStateException(
                            sdp == null ? "the answer has no SDP" : "the early media was never bridged")));
        } else {
            media = applyRemote(endpoint, sdp);
        }
        media.whenComplete((v, error) -> {
            if (error != null) {
                fail("cannot bridge the third party: " + LoopRelay.rootMessage(error));
                return;
            }
            if (state != State.ANSWERING) {
                return;
            }
            moveTo(State.CONNECTED);
            registry.announce(new ContactEvent.TransferConnected(customer.contact(), dial.number()));
            // Bridged audio is muted while the tone plays, so stopping it now leaves no gap and no overlap.
            stopRinging();
            LOG.info("contact {}: {} answered; bridged", customer.contact(), dial.number());
            answered.complete(null);
            sendNextDigits();
        });
    }

    /** The third party's hold and resume update its endpoint, as the caller's do theirs. */
    @Override
    public CompletionStage<String> onRemoteOffer(String offerSdp) {
        return renegotiation.answer(offerSdp);
    }

    @Override
    public void onRemoteOfferWithdrawn(String remoteSdp) {
        renegotiation.withdrawn(remoteSdp);
    }

    /** The outbound endpoint while the transfer is live, else null. */
    private EndpointId liveEndpoint() {
        return state == State.ENDED ? null : endpoint;
    }

    @Override
    public void onFailed(int statusCode, String reason) {
        fail(dial.number() + " answered " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onEnded(Party who, String why) {
        if (state == State.ENDED) {
            return; // we ended it (cancel or failure), and released it then
        }
        boolean wasConnected = state == State.CONNECTED;
        moveTo(State.ENDED);
        stopRinging();
        answered.completeExceptionally(new IllegalStateException("the call to " + dial.number() + " ended: " + why));
        CompletableFuture<Void> released = releaseMedia();
        if (wasConnected) {
            LOG.info("contact {}: {} left ({} {})", customer.contact(), dial.number(), who, why);
            // The caller must be off the bridge before a resumed flow plays to them.
            released.whenComplete((v, e) -> ended.complete(null));
            if (!dial.resumeAfterDisconnect() && who == Party.REMOTE) {
                handedOverEnded.accept(customer);
            }
        }
    }

    /** The relay finished sending the last digit run; a digit run or pause follows, if any is left. */
    void digitsSent() {
        sendNextDigits();
    }

    private void sendNextDigits() {
        String next = state == State.CONNECTED ? digitsLeft.poll() : null;
        if (next == null) {
            return;
        }
        if (next.equals(",")) {
            loop.schedule(COMMA_PAUSE, this::sendNextDigits);
            return;
        }
        relay.sendDigits(endpoint, next).exceptionally(error -> {
            LOG.warn("contact {}: digits {} not sent to {}: {}", customer.contact(), next, dial.number(),
                    LoopRelay.rootMessage(error));
            return null;
        });
    }

    private void fail(String why) {
        if (finish(why)) {
            LOG.info("contact {}: transfer to {} failed: {}", customer.contact(), dial.number(), why);
        }
    }

    /**
     * Ends the transfer once: the ringing stops, {@link #answered} fails with {@code why}, the far end is hung
     * up and the media released. False when it had already ended.
     */
    private boolean finish(String why) {
        if (state == State.ENDED) {
            return false;
        }
        moveTo(State.ENDED);
        stopRinging();
        answered.completeExceptionally(new IllegalStateException(why));
        if (leg != null) {
            leg.hangUp();
        }
        releaseMedia();
        return true;
    }

    /**
     * The tone stops (through the caller's play chain, ahead of the flow's next prompt) and the fallback timer
     * is called off; before the flow hears of a failure or cancel.
     */
    private void stopRinging() {
        cancelProgressTimer();
        ringback.stop();
    }

    private void cancelProgressTimer() {
        if (progressTimer != null) {
            progressTimer.cancel();
            progressTimer = null;
        }
    }

    /**
     * Unbridges and destroys the outbound endpoint once, after the relay steps already asked for; completes
     * when the caller is off the bridge.
     */
    private CompletableFuture<Void> releaseMedia() {
        EndpointId own = endpoint;
        if (own == null) {
            return CompletableFuture.completedFuture(null);
        }
        endpoint = null;
        registry.forgetThirdParty(own, this);
        return step(() -> {
            boolean unbridge = bridged;
            bridged = false;
            CompletableFuture<Void> off = unbridge ? relay.unbridge(own) : CompletableFuture.completedFuture(null);
            return off.handle((v, e) -> null).thenCompose(v -> relay.destroy(own));
        }).handle((v, e) -> {
            if (e != null) {
                LOG.debug("third-party endpoint {} already gone: {}", own, e.toString());
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "transfer of " + customer + " to " + dial.number();
    }
}

package io.switchboard.routing.voice;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.routing.flow.engine.EngineScheduler;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer to an external number: a relay endpoint offered for the outbound leg (same call id as the
 * caller's, so both sit on one media loop), the INVITE through a trunk, and on answer the answer applied,
 * the two endpoints bridged and the flow's DTMF digits sent to the third party. When the third party
 * leaves, the caller's endpoint is unbridged before {@link #ended()} completes, so a resumed flow's
 * prompts reach the caller. Teardown (leg, bridge, endpoint) happens once, whoever asks first.
 *
 * <p>Leg events arrive on the SIP core loop, relay futures on a media loop, cancel from the engine
 * thread; every mutable field is guarded by {@code this}.
 */
final class ThirdPartyLeg implements ThirdPartyCall, CallLegListener {

    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyLeg.class);
    /** A comma in the digits waits half a second, as AWS telephony's SendDigits does. */
    static final Duration COMMA_PAUSE = Duration.ofMillis(500);

    /** Gives the third party's endpoint to the registry (so "digits sent" events find it), or takes it back. */
    interface Registry {
        void register(EndpointId endpoint, ThirdPartyLeg leg);

        void unregister(EndpointId endpoint, ThirdPartyLeg leg);
    }

    private final VoiceCall customer;
    private final ThirdPartyDial dial;
    private final MediaRelay relay;
    private final EngineScheduler timers;
    private final Registry registry;
    /** Called when a handed-over third party hangs up: the caller goes with them. */
    private final Consumer<VoiceCall> handedOverEnded;
    private final CompletableFuture<Void> answered = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LegRenegotiation renegotiation;

    /** Guarded by this. */
    private EndpointId endpoint;
    /** Guarded by this. */
    private CallLeg leg;
    /** Guarded by this: cancelled, failed or ended; nothing new starts. */
    private boolean finished;
    /** Guarded by this. */
    private boolean bridged;
    /** Guarded by this. */
    private boolean mediaReleased;
    /** Guarded by this: what is left to send, digit groups and pauses (",") in order. */
    private final Deque<String> digitsLeft = new ArrayDeque<>();

    ThirdPartyLeg(VoiceCall customer, ThirdPartyDial dial, MediaRelay relay, EngineScheduler timers, Registry registry,
                  Consumer<VoiceCall> handedOverEnded) {
        this.customer = customer;
        this.dial = dial;
        this.relay = relay;
        this.timers = timers;
        this.registry = registry;
        this.handedOverEnded = handedOverEnded;
        dial.digits().ifPresent(d -> digitsLeft.addAll(groups(d)));
        this.renegotiation = new LegRenegotiation(relay, this::liveEndpoint,
                "contact " + customer.contact() + " third party " + dial.number());
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

    /**
     * Offers media for the outbound leg, then places the call to {@code number} (the dialled number as the
     * trunk wants it) through {@code trunk} through {@code dialer}.
     */
    void start(ContactCenter.Dialer dialer, String trunk, String number, String callerId, String callerName) {
        relay.offer(customer.leg().callId()).whenComplete((media, error) -> {
            if (error != null) {
                fail("no media endpoint for the outbound leg: " + RelayMediaPort.rootMessage(error));
                return;
            }
            synchronized (this) {
                endpoint = media.id();
                if (finished) {
                    releaseMedia();
                    return;
                }
            }
            registry.register(media.id(), this);
            CallLeg placed;
            try {
                placed = dialer.dial(trunk, number, callerId, callerName, media.localSdp(), this);
            } catch (RuntimeException e) {
                fail("cannot dial " + number + " through trunk " + trunk + ": " + e.getMessage());
                return;
            }
            boolean abandon;
            synchronized (this) {
                leg = placed;
                abandon = finished;
            }
            if (abandon) {
                placed.hangUp();
            }
        });
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
        CallLeg toHangUp;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            toHangUp = leg;
        }
        answered.completeExceptionally(new IllegalStateException("transfer abandoned"));
        if (toHangUp != null) {
            toHangUp.hangUp();
        }
        releaseMedia();
    }

    @Override
    public void onAnswered(String sdp) {
        EndpointId own;
        synchronized (this) {
            if (finished) {
                return;
            }
            own = endpoint;
        }
        EndpointId caller = customer.endpoint();
        relay.acceptAnswer(own, sdp).thenCompose(v -> relay.bridge(caller, own)).whenComplete((v, error) -> {
            if (error != null) {
                fail("cannot bridge the third party: " + RelayMediaPort.rootMessage(error));
                return;
            }
            synchronized (this) {
                if (finished) {
                    return;
                }
                bridged = true;
            }
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
    private synchronized EndpointId liveEndpoint() {
        return finished || mediaReleased ? null : endpoint;
    }

    @Override
    public void onFailed(int statusCode, String reason) {
        fail(dial.number() + " answered " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onEnded(Party who, String why) {
        boolean wasBridged;
        synchronized (this) {
            wasBridged = bridged;
            finished = true;
        }
        answered.completeExceptionally(new IllegalStateException("the call to " + dial.number() + " ended: " + why));
        CompletableFuture<Void> released = releaseMedia();
        if (wasBridged) {
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
        String next;
        EndpointId own;
        synchronized (this) {
            next = finished ? null : digitsLeft.poll();
            own = endpoint;
        }
        if (next == null) {
            return;
        }
        if (next.equals(",")) {
            timers.schedule(COMMA_PAUSE, this::sendNextDigits);
            return;
        }
        relay.sendDigits(own, next).exceptionally(error -> {
            LOG.warn("contact {}: digits {} not sent to {}: {}", customer.contact(), next, dial.number(),
                    RelayMediaPort.rootMessage(error));
            return null;
        });
    }

    private void fail(String why) {
        CallLeg toHangUp;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            toHangUp = leg;
        }
        LOG.info("contact {}: transfer to {} failed: {}", customer.contact(), dial.number(), why);
        answered.completeExceptionally(new IllegalStateException(why));
        if (toHangUp != null) {
            toHangUp.hangUp();
        }
        releaseMedia();
    }

    /** Unbridges and destroys the outbound endpoint once; completes when the caller is off the bridge. */
    private CompletableFuture<Void> releaseMedia() {
        EndpointId own;
        boolean unbridge;
        synchronized (this) {
            if (mediaReleased || endpoint == null) {
                return CompletableFuture.completedFuture(null);
            }
            mediaReleased = true;
            own = endpoint;
            unbridge = bridged;
        }
        registry.unregister(own, this);
        CompletableFuture<Void> off = unbridge ? relay.unbridge(own) : CompletableFuture.completedFuture(null);
        return off.handle((v, e) -> null).thenCompose(v -> relay.destroy(own)).handle((v, e) -> {
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

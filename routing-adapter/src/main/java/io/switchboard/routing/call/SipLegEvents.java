package io.switchboard.routing.call;

import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.sip.api.CallLegListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A leg's events as the edge delivers them (on its SIP core loop), handed over to the contact center's loop
 * in the order they came, where {@code target} hears them. The edge needs a listener the moment it hands us
 * a leg, before the loop has decided what the leg is for, so the target may be bound later, on the loop;
 * events for a leg that never got one (refused) are dropped, and its new offers declined.
 */
final class SipLegEvents implements CallLegListener {

    private final ContactCenterLoop loop;
    // Owned by the loop: bound there, read there.
    private CallLegListener target;

    SipLegEvents(ContactCenterLoop loop) {
        this.loop = loop;
    }

    SipLegEvents(ContactCenterLoop loop, CallLegListener target) {
        this.loop = loop;
        this.target = target;
    }

    /** On the loop: from now on the leg's events go to {@code value}. */
    void bind(CallLegListener value) {
        this.target = value;
    }

    private void toTarget(java.util.function.Consumer<CallLegListener> event) {
        loop.execute(() -> {
            if (target != null) {
                event.accept(target);
            }
        });
    }

    @Override
    public void onTrying() {
        toTarget(CallLegListener::onTrying);
    }

    @Override
    public void onRinging() {
        toTarget(CallLegListener::onRinging);
    }

    @Override
    public void onEarlyMedia(String sdp) {
        toTarget(t -> t.onEarlyMedia(sdp));
    }

    @Override
    public void onAnswered(String sdp) {
        toTarget(t -> t.onAnswered(sdp));
    }

    @Override
    public void onFailed(int statusCode, String reason) {
        toTarget(t -> t.onFailed(statusCode, reason));
    }

    /** The edge may complete the answer from any thread; it is completed on the loop. */
    @Override
    public CompletionStage<String> onRemoteOffer(String offerSdp) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.execute(() -> {
            if (target == null) {
                answer.complete(null);
                return;
            }
            target.onRemoteOffer(offerSdp).whenComplete((sdp, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(sdp);
                }
            });
        });
        return answer;
    }

    @Override
    public void onRemoteOfferWithdrawn(String remoteSdp) {
        toTarget(t -> t.onRemoteOfferWithdrawn(remoteSdp));
    }

    @Override
    public void onRenegotiated(String answerSdp) {
        toTarget(t -> t.onRenegotiated(answerSdp));
    }

    @Override
    public void onRenegotiationFailed(int statusCode) {
        toTarget(t -> t.onRenegotiationFailed(statusCode));
    }

    @Override
    public void onEnded(Party who, String why) {
        toTarget(t -> t.onEnded(who, why));
    }
}

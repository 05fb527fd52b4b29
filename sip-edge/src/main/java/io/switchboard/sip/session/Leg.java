package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.trunk.Trunk;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What inbound and outbound legs share: identity, listener, state and the single end of a leg. Fields
 * other than the volatile ones are touched only on the core loop.
 */
abstract class Leg implements CallLeg {
    private static final Logger LOG = LoggerFactory.getLogger(Leg.class);
    private static final CallLegListener NO_LISTENER = new CallLegListener() {
    };

    final SessionLayer session;
    private final String id;
    private final Trunk trunk;
    volatile String remoteSdp;
    /** The SDP we last sent (our answer or offer); offered again in the 200 to an offerless re-INVITE. */
    volatile String localSdp;
    volatile CallState state = CallState.INITIAL;
    private volatile CallLegListener listener = NO_LISTENER;
    boolean ended;
    /** True once the leg holds a trunk call slot and counts as active; released exactly once by end(). */
    boolean counted;

    Leg(SessionLayer session, String id, Trunk trunk) {
        this.session = session;
        this.id = id;
        this.trunk = trunk;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String trunk() {
        return trunk.name();
    }

    final Trunk trunkRef() {
        return trunk;
    }

    @Override
    public final String remoteSdp() {
        return remoteSdp;
    }

    @Override
    public final CallState state() {
        return state;
    }

    @Override
    public final void setListener(CallLegListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    final CallLegListener listener() {
        return listener;
    }

    /** The dialog once one exists (an inbound leg has one from the start, an outbound one after its 2xx). */
    abstract Dialog dialog();

    /** Offer/answer changes once the dialog is confirmed; null before. */
    Renegotiation renegotiation;

    /**
     * True when the far end's latest Allow header listed UPDATE (RFC 3311 section 5.1): our offers and session
     * refreshes then use UPDATE, else re-INVITE.
     */
    boolean peerAllowsUpdate;

    /** Section 20.5: an Allow header in a request or response of the dialog says which methods the far end takes. */
    final void notePeerAllow(SipMessage message) {
        java.util.List<String> allow = message.headers("Allow");
        if (allow.isEmpty()) {
            return; // absent says nothing (section 20.5), so what we knew stands
        }
        boolean update = false;
        for (String value : allow) {
            for (String method : value.split(",")) {
                update |= method.trim().equalsIgnoreCase("UPDATE");
            }
        }
        peerAllowsUpdate = update;
    }

    /** The ACK for a 2xx of ours. */
    abstract void onAck(SipMessage ack);

    @Override
    public final void reOffer(String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        session.execute(() -> {
            if (ended || renegotiation == null || state != CallState.ANSWERED) {
                LOG.debug("leg {}: reOffer ignored in state {}", id, state);
                notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(491));
                return;
            }
            renegotiation.reOffer(sdp);
        });
    }

    /** An UPDATE on the dialog (RFC 3311). */
    final void onUpdate(ServerTransaction tx, SipMessage update) {
        if (renegotiation == null) {
            session.respond(tx, update.createResponse(491, "Request Pending")); // early dialog: not supported
            return;
        }
        renegotiation.onUpdate(tx, update);
    }

    /** RFC 4028 timer of the dialog, or null when the session has none. */
    SessionTimer sessionTimer;
    private io.switchboard.sip.transaction.TimerScheduler.Cancellable maxDuration;

    /** Sends BYE on the confirmed dialog and ends the leg. */
    abstract void byeAndEnd(CallLegListener.Party who, String why);

    /** Section 14.1: a re-INVITE answered 408 or 481 means the dialog is gone; end the call. */
    final void hangUpAfterDialogFailure(String why) {
        if (!ended) {
            byeAndEnd(CallLegListener.Party.REMOTE, why);
        }
    }

    /** RFC 4028 section 10: no refresh in time, the session is over. */
    final void hangUpOnSessionExpiry() {
        if (!ended) {
            byeAndEnd(CallLegListener.Party.LOCAL, "session expired");
        }
    }

    /** Starts the maximum-duration safety net once the leg is answered (core loop). */
    final void answered() {
        long max = session.maxCallDurationMillis();
        if (max > 0) {
            maxDuration = session.transactions().scheduler().schedule(max, () -> {
                if (!ended) {
                    LOG.info("leg {}: maximum call duration reached ({})", id, callId());
                    byeAndEnd(CallLegListener.Party.LOCAL, "maximum call duration");
                }
            });
        }
    }

    /** A refresh (2xx to a re-INVITE or UPDATE in either direction) restarts the session timer. */
    final void sessionRefreshed() {
        if (sessionTimer != null) {
            sessionTimer.onRefreshed();
        }
    }

    /** A BYE from the far end; the 200 was already sent. */
    abstract void onRemoteBye();

    /** A re-INVITE on the dialog; the CSeq was already checked. */
    final void onReInvite(ServerTransaction tx, SipMessage reInvite) {
        if (renegotiation == null || !readyForReInvite()) {
            // section 14.2: a re-INVITE before the initial ACK, or on an early dialog
            SipMessage r = reInvite.createResponse(500, "Server Internal Error");
            r.setHeader("Retry-After", "1");
            session.respond(tx, r);
            return;
        }
        renegotiation.onReInvite(tx, reInvite);
    }

    /** False while the far end must wait to re-INVITE (as UAS, until our 2xx is ACKed). */
    boolean readyForReInvite() {
        return true;
    }

    /** Runs a listener callback; a listener's exception is logged, never thrown into the SIP stack. */
    final void notifyListener(String what, java.util.function.Consumer<CallLegListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.error("listener of leg {} failed on {}", id, what, e);
        }
    }

    /** Ends the leg once: state, registry, trunk slot, the log line and the listener's onEnded. */
    final void end(CallLegListener.Party who, String why) {
        if (ended) {
            return;
        }
        ended = true;
        state = CallState.ENDED;
        if (renegotiation != null) {
            renegotiation.stop();
        }
        if (sessionTimer != null) {
            sessionTimer.stop();
        }
        if (maxDuration != null) {
            maxDuration.cancel();
        }
        if (dialog() != null) {
            dialog().terminate();
        }
        session.legEnded(this);
        LOG.info("call leg {} end: {} {} call-id={}", id, who, why, callId());
        notifyListener("end", l -> l.onEnded(who, why));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + " " + callId() + " " + state + "]";
    }
}

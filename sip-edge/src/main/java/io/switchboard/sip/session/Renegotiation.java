package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TimerScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offer/answer changes on a confirmed dialog (hold, resume, codec changes): re-INVITE and UPDATE from the
 * far end (RFC 3261 section 14.2, RFC 3311 section 5.2), and from us UPDATE when the far end allows it (RFC 3311
 * section 5.1), else re-INVITE (section 14.1); glare: 491 when offers cross, and a retry after the random wait
 * section 14.1 gives. Also the RFC 4028 refresh by re-INVITE for a far end without UPDATE. SDP stays text; the
 * listener answers, asynchronously: the request stays open meanwhile ({@link PendingAnswer}). Core loop only.
 */
final class Renegotiation implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Renegotiation.class);
    private static final long ANSWER_LIMIT_MILLIS = CallLegListener.REMOTE_OFFER_ANSWER_LIMIT.toMillis();

    private final Leg leg;
    private final SessionLayer session;
    /** True when this side generated the Call-ID, which decides the glare back-off (section 14.1). */
    private final boolean ownsCallId;
    /** Our offer in flight (a re-INVITE or an UPDATE), or null. */
    private ClientTransaction localTx;
    private String localMethod;
    private String localOffer;
    /** The Session-Expires value when the request in flight is a session refresh (offering the SDP as it is). */
    private String localRefresh;
    private long localCseq;
    /** The ACK of our last answered re-INVITE, sent again for each retransmission of its 2xx. */
    private byte[] localAck;
    private long localAckCseq = -1;
    private long remoteInviteCseq = -1;
    private boolean remoteInviteAcked = true;
    private SipMessage remoteOk;
    private ServerTransaction remoteTx;
    private long okInterval;
    /** True while our 200 to an offerless re-INVITE carries the offer and its ACK must bring the answer. */
    private boolean offerInOk;
    private TimerScheduler.Cancellable okTimer;
    /** The far end's offer waiting for the listener's answer, or null. */
    private PendingAnswer pending;

    Renegotiation(Leg leg, SessionLayer session, boolean ownsCallId) {
        this.leg = leg;
        this.session = session;
        this.ownsCallId = ownsCallId;
    }

    /** A re-INVITE from the far end; its CSeq was accepted by the dialog. */
    void onReInvite(ServerTransaction tx, SipMessage reInvite) {
        leg.notePeerAllow(reInvite);
        if (localTx != null) {
            session.respond(tx, reInvite.createResponse(491, "Request Pending")); // glare, section 14.2
            return;
        }
        if (!remoteInviteAcked || pending != null) {
            // section 14.2: a second INVITE before the first one's final response, or before its ACK
            respondRetryLater(tx, reInvite);
            return;
        }
        if (reInvite.bodyText() == null) {
            // RFC 3261 section 14.2: no offer in the re-INVITE, so our 200 offers (the session as it is)
            offerInOk = true;
            sendReInviteOk(tx, reInvite, leg.localSdp);
            return;
        }
        askListener(tx, reInvite);
    }

    /** An UPDATE from the far end (RFC 3311 section 5.2): answered in its 200, no ACK. */
    void onUpdate(ServerTransaction tx, SipMessage update) {
        leg.notePeerAllow(update);
        if (localTx != null && update.bodyText() != null) {
            session.respond(tx, update.createResponse(491, "Request Pending"));
            return;
        }
        if ((!remoteInviteAcked || pending != null) && update.bodyText() != null) {
            // RFC 3311 section 5.2: an offer while another offer of the far end is still without its answer
            respondRetryLater(tx, update);
            return;
        }
        if (update.bodyText() == null) {
            SipMessage ok = update.createResponse(200, "OK"); // a session refresh without an offer (RFC 4028)
            if (update.header("Session-Expires") != null) {
                ok.setHeader("Session-Expires", update.header("Session-Expires"));
                ok.setHeader("Require", "timer");
            }
            session.respond(tx, ok);
            leg.sessionRefreshed();
            return;
        }
        askListener(tx, update);
    }

    /**
     * Hands the offer to the listener and keeps the request open until its answer, which comes back to the
     * core loop; the limit timer answers 500 if it does not come in time.
     */
    private void askListener(ServerTransaction tx, SipMessage request) {
        PendingAnswer p = new PendingAnswer(tx, request);
        CompletionStage<String> stage;
        try {
            stage = leg.listener().onRemoteOffer(p.offer());
        } catch (RuntimeException e) {
            LOG.error("listener of leg {} failed on a remote offer", leg.id(), e);
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.failedFuture(new IllegalStateException("onRemoteOffer returned no stage"));
        }
        pending = p;
        p.startLimit(session.transactions().scheduler(), ANSWER_LIMIT_MILLIS, () -> onAnswerLate(p));
        stage.whenComplete((answer, error) -> session.execute(() -> onAnswer(p, answer, error)));
    }

    /** The listener's answer (or failure) for {@code p}; dropped when {@code p} was settled otherwise meanwhile. */
    private void onAnswer(PendingAnswer p, String answer, Throwable error) {
        if (pending != p) {
            LOG.debug("leg {}: answer to a {} that is no longer open dropped", leg.id(), p.label());
            return;
        }
        pending = null;
        p.settle();
        if (error != null) {
            LOG.warn("leg {}: no answer to the {} offer, 500: {}", leg.id(), p.label(), error.toString());
            respondRetryLater(p.tx, p.request);
            return;
        }
        if (answer == null) {
            session.respond(p.tx, p.request.createResponse(488, "Not Acceptable Here"));
            return;
        }
        leg.remoteSdp = p.offer();
        if (p.isReInvite()) {
            offerInOk = false;
            sendReInviteOk(p.tx, p.request, answer);
            return;
        }
        leg.localSdp = answer;
        SipMessage ok = p.request.createResponse(200, "OK");
        ok.setHeader("Contact", session.local().contact(p.tx.flow().kind()));
        ok.setBody("application/sdp", answer);
        session.respond(p.tx, ok);
        leg.sessionRefreshed();
    }

    private void onAnswerLate(PendingAnswer p) {
        if (pending != p) {
            return;
        }
        pending = null;
        LOG.warn("leg {}: no answer to the {} offer within {} ms, 500", leg.id(), p.label(), ANSWER_LIMIT_MILLIS);
        respondRetryLater(p.tx, p.request);
        withdrawn();
    }

    /**
     * A CANCEL for a re-INVITE of this dialog (RFC 3261 section 9.2): 487 while its answer is pending, the
     * session staying as it was (section 14.2); no effect once it has its final response.
     */
    void onCancel(ServerTransaction invite) {
        if (pending == null || pending.tx != invite) {
            return;
        }
        PendingAnswer p = pending;
        pending = null;
        p.settle();
        session.respond(p.tx, p.request.createResponse(487, "Request Terminated"));
        withdrawn();
    }

    private void withdrawn() {
        String inForce = leg.remoteSdp;
        leg.notifyListener("remote offer withdrawn", l -> l.onRemoteOfferWithdrawn(inForce));
    }

    /** The 200 to a re-INVITE with {@code sdp}, retransmitted until its ACK (section 13.3.1.4). */
    private void sendReInviteOk(ServerTransaction tx, SipMessage reInvite, String sdp) {
        if (!offerInOk) {
            leg.localSdp = sdp;
        }
        SipMessage ok = reInvite.createResponse(200, "OK");
        ok.setHeader("Contact", session.local().contact(tx.flow().kind()));
        ok.setBody("application/sdp", sdp);
        session.respond(tx, ok);
        leg.sessionRefreshed();
        remoteInviteCseq = reInvite.cseq();
        remoteInviteAcked = false;
        remoteOk = ok;
        remoteTx = tx;
        if (!tx.flow().kind().reliable()) {
            okInterval = session.transactions().timers().t1();
            okTimer = session.transactions().scheduler().schedule(okInterval, this::retransmitOk);
        }
    }

    /** Section 14.2 (and RFC 3311 section 5.2): 500 with a Retry-After of 0-10 s, so the far end tries again. */
    private void respondRetryLater(ServerTransaction tx, SipMessage request) {
        SipMessage r = request.createResponse(500, "Server Internal Error");
        r.setHeader("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)));
        session.respond(tx, r);
    }

    /** The ACK for our 2xx to a re-INVITE; true when it was one (so the initial-ACK logic skips it). */
    boolean onAck(SipMessage ack) {
        if (ack.cseq() != remoteInviteCseq) {
            return false;
        }
        remoteInviteAcked = true;
        remoteOk = null;
        String answer = ack.bodyText();
        if (offerInOk && answer != null) {
            offerInOk = false;
            leg.remoteSdp = answer;
            leg.notifyListener("renegotiated", l -> l.onRenegotiated(answer));
        }
        if (okTimer != null) {
            okTimer.cancel();
            okTimer = null;
        }
        return true;
    }

    /**
     * Our new offer: an UPDATE when the far end listed it in Allow (RFC 3311 section 5.1; answered at once, no
     * ACK), else a re-INVITE (section 14.1). Refused with onRenegotiationFailed(491) while another offer is open.
     */
    void reOffer(String sdp) {
        if (busy()) {
            LOG.info("leg {}: re-offer refused, another offer is in progress", leg.id());
            leg.notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(491));
            return;
        }
        leg.localSdp = sdp;
        send(leg.peerAllowsUpdate ? "UPDATE" : "INVITE", sdp, null);
    }

    /**
     * RFC 4028 section 7.4: a session refresh for a far end that does not allow UPDATE, as a re-INVITE offering
     * the session unchanged. Skipped while an offer is open: its 2xx refreshes the session too.
     */
    void refreshByReInvite(String sessionExpires) {
        if (!busy() && leg.localSdp != null) {
            send("INVITE", leg.localSdp, sessionExpires);
        }
    }

    private boolean busy() {
        return localTx != null || !remoteInviteAcked || pending != null;
    }

    private void send(String method, String sdp, String sessionExpires) {
        Dialog dialog = leg.dialog();
        SipMessage request = dialog.newRequest(method, "application/sdp", sdp);
        request.setHeader("Allow", SessionLayer.ALLOW);
        if (sessionExpires != null) {
            request.setHeader("Session-Expires", sessionExpires);
            request.setHeader("Supported", "timer");
        }
        localMethod = method;
        localOffer = sdp;
        localRefresh = sessionExpires;
        localCseq = request.cseq();
        localTx = session.transactions().send(request, session.flowFor(dialog), this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipMessage response) {
        int code = response.statusCode();
        if (code < 200) {
            return;
        }
        if (tx != localTx) {
            if (code < 300 && localAck != null && response.cseq() == localAckCseq
                    && "INVITE".equals(response.cseqMethod())) {
                session.flowFor(leg.dialog()).send(localAck); // section 13.2.2.4: the 2xx again, our ACK was lost
            }
            return;
        }
        localTx = null;
        String method = localMethod;
        String refresh = localRefresh;
        if (code < 300) {
            leg.notePeerAllow(response);
            if ("INVITE".equals(method)) {
                localAck = leg.dialog().newAck(localCseq).encode();
                localAckCseq = localCseq;
                session.flowFor(leg.dialog()).send(localAck);
            }
            String answer = response.bodyText();
            String before = leg.remoteSdp;
            if (answer != null) {
                leg.remoteSdp = answer;
            }
            leg.sessionRefreshed();
            if (refresh == null || (answer != null && !answer.equals(before))) {
                leg.notifyListener("renegotiated", l -> l.onRenegotiated(answer));
            }
            return;
        }
        if (code == 491) {
            // section 14.1: the Call-ID owner waits 2.1-4 s, the other side 0-2 s, then tries again
            long wait = ownsCallId ? ThreadLocalRandom.current().nextLong(2100, 4001)
                    : ThreadLocalRandom.current().nextLong(0, 2001);
            String offer = localOffer;
            session.transactions().scheduler().schedule(wait, () -> {
                if (leg.ended) {
                    return;
                }
                if (refresh != null) {
                    refreshByReInvite(refresh);
                } else {
                    reOffer(offer);
                }
            });
            return;
        }
        if ("UPDATE".equals(method) && (code == 405 || code == 501)) {
            // it listed UPDATE yet refuses it: offer again by re-INVITE, and keep to re-INVITE on this dialog
            leg.peerAllowsUpdate = false;
            send("INVITE", localOffer, refresh);
            return;
        }
        if (code == 408 || code == 481) {
            leg.hangUpAfterDialogFailure(label(method) + " " + code); // section 14.1: the dialog is gone
            return;
        }
        if (refresh != null) {
            LOG.info("leg {}: session refresh answered {}; the session timer decides", leg.id(), code);
            return;
        }
        leg.notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(code));
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (tx != localTx) {
            return;
        }
        localTx = null;
        leg.hangUpAfterDialogFailure(label(localMethod) + " timeout"); // section 12.2.1.2
    }

    private static String label(String method) {
        return "INVITE".equals(method) ? "re-INVITE" : method;
    }

    private void retransmitOk() {
        if (remoteInviteAcked || leg.ended || remoteOk == null) {
            return;
        }
        remoteTx.respond(remoteOk);
        SipTimers timers = session.transactions().timers();
        okInterval = Math.min(2 * okInterval, timers.t2());
        okTimer = session.transactions().scheduler().schedule(okInterval, this::retransmitOk);
    }

    /**
     * The leg ended: stops the 2xx retransmission, and answers a request whose answer is still pending 487
     * (RFC 3261 section 15.1.2: pending requests of a dialog ended by BYE still get their response).
     */
    void stop() {
        if (okTimer != null) {
            okTimer.cancel();
            okTimer = null;
        }
        PendingAnswer p = pending;
        if (p != null) {
            pending = null;
            p.settle();
            session.respond(p.tx, p.request.createResponse(487, "Request Terminated"));
        }
    }
}

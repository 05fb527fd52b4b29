package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TimerScheduler;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offer/answer changes on a confirmed dialog (hold, resume, codec changes): re-INVITE and UPDATE from the
 * far end (RFC 3261 section 14.2, RFC 3311 section 5.2), and from us UPDATE when the far end allows it (RFC 3311
 * section 5.1), else re-INVITE (section 14.1); glare: 491 when offers cross, and a retry after the random wait
 * section 14.1 gives. Also the RFC 4028 refresh by re-INVITE for a far end without UPDATE. SDP stays text; the
 * listener answers. Core loop only.
 */
final class Renegotiation implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Renegotiation.class);

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
        if (!remoteInviteAcked) {
            SipMessage r = reInvite.createResponse(500, "Server Internal Error");
            r.setHeader("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)));
            session.respond(tx, r);
            return;
        }
        boolean offerless = reInvite.bodyText() == null;
        // RFC 3261 section 14.2: no offer in the re-INVITE, so our 200 offers (the session as it is)
        String answer = offerless ? leg.localSdp : answerFor(reInvite);
        if (answer == null) {
            session.respond(tx, reInvite.createResponse(488, "Not Acceptable Here"));
            return;
        }
        offerInOk = offerless;
        if (!offerless) {
            leg.localSdp = answer;
        }
        SipMessage ok = reInvite.createResponse(200, "OK");
        ok.setHeader("Contact", session.local().contact(tx.flow().kind()));
        ok.setBody("application/sdp", answer);
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

    /** An UPDATE from the far end (RFC 3311 section 5.2): answered in its 200, no ACK. */
    void onUpdate(ServerTransaction tx, SipMessage update) {
        leg.notePeerAllow(update);
        if (localTx != null && update.bodyText() != null) {
            session.respond(tx, update.createResponse(491, "Request Pending"));
            return;
        }
        if (!remoteInviteAcked && update.bodyText() != null) {
            // RFC 3311 section 5.2: an offer while the re-INVITE's offer/answer is incomplete
            SipMessage r = update.createResponse(500, "Server Internal Error");
            r.setHeader("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)));
            session.respond(tx, r);
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
        String answer = answerFor(update);
        if (answer == null) {
            session.respond(tx, update.createResponse(488, "Not Acceptable Here"));
            return;
        }
        leg.localSdp = answer;
        SipMessage ok = update.createResponse(200, "OK");
        ok.setHeader("Contact", session.local().contact(tx.flow().kind()));
        ok.setBody("application/sdp", answer);
        session.respond(tx, ok);
        leg.sessionRefreshed();
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
        return localTx != null || !remoteInviteAcked;
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

    private String answerFor(SipMessage request) {
        String offer = request.bodyText();
        String[] answer = new String[1];
        leg.notifyListener("remote offer", l -> answer[0] = l.onRemoteOffer(offer));
        if (answer[0] != null) {
            leg.remoteSdp = offer;
        }
        return answer[0];
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

    void stop() {
        if (okTimer != null) {
            okTimer.cancel();
            okTimer = null;
        }
    }
}

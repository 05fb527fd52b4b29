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
 * far end (RFC 3261 section 14.2, RFC 3311), re-INVITE from us (section 14.1), and glare: 491 when offers
 * cross, and a retry after the random wait section 14.1 gives. SDP stays text; the listener answers.
 * Core loop only.
 */
final class Renegotiation implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Renegotiation.class);

    private final Leg leg;
    private final SessionLayer session;
    /** True when this side generated the Call-ID, which decides the glare back-off (section 14.1). */
    private final boolean ownsCallId;
    private ClientTransaction localInvite;
    private String localOffer;
    private long localCseq;
    private byte[] localAck;
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
        if (localInvite != null) {
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
        if (localInvite != null) {
            session.respond(tx, update.createResponse(491, "Request Pending"));
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

    /** Section 14.1: a re-INVITE with our new offer, unless another offer is in flight. */
    void reOffer(String sdp) {
        if (localInvite != null || !remoteInviteAcked) {
            LOG.info("leg {}: re-offer refused, another offer is in progress", leg.id());
            leg.notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(491));
            return;
        }
        Dialog dialog = leg.dialog();
        localOffer = sdp;
        leg.localSdp = sdp;
        SipMessage invite = dialog.newRequest("INVITE", "application/sdp", sdp);
        localCseq = invite.cseq();
        localAck = null;
        localInvite = session.transactions().send(invite, session.flowFor(dialog), this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipMessage response) {
        int code = response.statusCode();
        if (code < 200) {
            return;
        }
        if (code < 300) {
            if (localAck == null) {
                localAck = leg.dialog().newAck(localCseq).encode();
                String answer = response.bodyText();
                leg.remoteSdp = answer;
                localInvite = null;
                leg.sessionRefreshed();
                leg.notifyListener("renegotiated", l -> l.onRenegotiated(answer));
            }
            session.flowFor(leg.dialog()).send(localAck); // and again for each 2xx retransmission
            return;
        }
        localInvite = null;
        if (code == 491) {
            // section 14.1: the Call-ID owner waits 2.1-4 s, the other side 0-2 s, then tries again
            long wait = ownsCallId ? ThreadLocalRandom.current().nextLong(2100, 4001)
                    : ThreadLocalRandom.current().nextLong(0, 2001);
            String offer = localOffer;
            session.transactions().scheduler().schedule(wait, () -> {
                if (!leg.ended) {
                    reOffer(offer);
                }
            });
            return;
        }
        if (code == 408 || code == 481) {
            leg.hangUpAfterDialogFailure("re-INVITE " + code); // section 14.1: the dialog is gone
            return;
        }
        leg.notifyListener("renegotiation failed", l -> l.onRenegotiationFailed(code));
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        localInvite = null;
        leg.hangUpAfterDialogFailure("re-INVITE timeout");
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

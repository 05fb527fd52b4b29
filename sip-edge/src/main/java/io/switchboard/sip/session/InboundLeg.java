package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.InboundCall;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.InviteServerTransaction;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TimerScheduler;
import io.switchboard.sip.trunk.Trunk;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call from a trunk (the UAS half of the B2BUA). Actions arrive from any thread and run on the core loop;
 * state fields other than {@code state} and {@code listener} are touched only there.
 */
final class InboundLeg extends Leg implements InboundCall {
    private static final Logger LOG = LoggerFactory.getLogger(InboundLeg.class);

    private final InviteServerTransaction invite;
    private final Dialog dialog;
    private final String caller;
    private final String callerName;
    private final String called;

    private final int sessionInterval;
    private final boolean weRefresh;

    // core loop only
    private boolean finalSent;
    private boolean acked;
    private boolean byePending;
    private SipMessage ok;
    private long okInterval;
    private TimerScheduler.Cancellable okRetransmit;
    private TimerScheduler.Cancellable ackTimeout;

    InboundLeg(SessionLayer session, String id, Trunk trunk, InviteServerTransaction invite, Dialog dialog) {
        super(session, id, trunk);
        this.invite = invite;
        this.dialog = dialog;
        SipMessage request = invite.request();
        this.caller = trunk.numbers().toE164(request.fromUser());
        this.callerName = request.fromDisplayName();
        this.called = trunk.numbers().toE164(request.requestUriUser());
        this.remoteSdp = request.bodyText();
        notePeerAllow(request);
        // RFC 4028 section 9: a UAC that supports timers asked for an interval; it refreshes unless it said uas
        int interval = SessionTimer.interval(request);
        this.sessionInterval = SessionTimer.supportsTimer(request) && interval >= SessionTimer.MIN_SE_SECONDS
                ? interval : -1;
        this.weRefresh = "uas".equals(SessionTimer.refresher(request));
    }

    @Override
    public String callId() {
        return dialog.id().callId();
    }

    @Override
    public Direction direction() {
        return Direction.INBOUND;
    }

    @Override
    public String caller() {
        return caller;
    }

    @Override
    public String callerName() {
        return callerName;
    }

    @Override
    public String called() {
        return called;
    }

    @Override
    Dialog dialog() {
        return dialog;
    }

    InviteServerTransaction inviteTransaction() {
        return invite;
    }

    @Override
    public void ring() {
        session.execute(() -> provisional(180, "Ringing", null, CallState.RINGING));
    }

    @Override
    public void earlyMedia(String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        session.execute(() -> provisional(183, "Session Progress", sdp, CallState.EARLY_MEDIA));
    }

    @Override
    public void answer(String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        session.execute(() -> answerOnCore(sdp));
    }

    @Override
    public void reject(int statusCode) {
        if (statusCode < 300 || statusCode > 699) {
            throw new IllegalArgumentException("reject needs a 3xx-6xx status, got " + statusCode);
        }
        session.execute(() -> rejectOnCore(statusCode, null));
    }

    @Override
    public void rejectUnauthorisedDestination(String detail) {
        session.execute(() -> {
            if (!finalSent && !ended) {
                session.security().request(SecurityEvent.Type.UNAUTHORISED_DESTINATION, invite.request(),
                        invite.flow(), null, detail);
            }
            rejectOnCore(404, null);
        });
    }

    @Override
    public void hangUp() {
        session.execute(this::hangUpOnCore);
    }

    /** RFC 3261 section 12.1.1: responses that set up the dialog carry our tag and Contact. */
    private SipMessage dialogResponse(int code, String reason) {
        // only called before the final response, while the transaction still holds the request
        SipMessage r = invite.request().createResponse(code, reason);
        r.setToTag(dialog.id().localTag());
        r.setHeader("Contact", session.local().contact(invite.flow().kind()));
        return r;
    }

    private void provisional(int code, String reason, String sdp, CallState next) {
        if (finalSent || ended) {
            LOG.debug("leg {}: {} ignored, final response already sent", id(), code);
            return;
        }
        SipMessage r = dialogResponse(code, reason);
        if (sdp != null) {
            r.setBody("application/sdp", sdp);
        }
        session.respond(invite, r);
        state = next;
    }

    private void answerOnCore(String sdp) {
        if (finalSent || ended) {
            LOG.debug("leg {}: answer ignored, final response already sent", id());
            return;
        }
        ok = dialogResponse(200, "OK");
        ok.setHeader("Allow", SessionLayer.ALLOW);
        ok.setHeader("Supported", "timer");
        if (sessionInterval > 0) {
            ok.setHeader("Session-Expires", sessionInterval + ";refresher=" + (weRefresh ? "uas" : "uac"));
            ok.setHeader("Require", "timer");
        }
        ok.setBody("application/sdp", sdp);
        localSdp = sdp;
        finalSent = true;
        session.respond(invite, ok);
        dialog.confirm();
        renegotiation = new Renegotiation(this, session, false);
        answered();
        if (sessionInterval > 0) {
            sessionTimer = new SessionTimer(this, session, sessionInterval, weRefresh);
            sessionTimer.start();
        }
        state = CallState.ANSWERED;
        session.countAnswered();
        // RFC 3261 section 13.3.1.4: retransmit the 2xx (T1 doubling to T2) until the ACK, give up at 64*T1
        SipTimers timers = session.transactions().timers();
        TimerScheduler scheduler = session.transactions().scheduler();
        if (!invite.flow().kind().reliable()) {
            okInterval = timers.t1();
            okRetransmit = scheduler.schedule(okInterval, this::retransmitOk);
        }
        ackTimeout = scheduler.schedule(timers.transactionTimeout(), this::onAckTimeout);
    }

    private void retransmitOk() {
        if (acked || ended) {
            return;
        }
        invite.respond(ok);
        SipTimers timers = session.transactions().timers();
        okInterval = Math.min(2 * okInterval, timers.t2());
        okRetransmit = session.transactions().scheduler().schedule(okInterval, this::retransmitOk);
    }

    /** Section 13.3.1.4: no ACK within 64*T1 - the session is ended with a BYE. */
    private void onAckTimeout() {
        if (acked || ended) {
            return;
        }
        session.countAckTimeout();
        LOG.info("leg {}: no ACK for 200 OK within 64*T1, sending BYE ({})", id(), callId());
        cancelOkTimers();
        sendBye();
        end(CallLegListener.Party.LOCAL, "no ACK");
    }

    void rejectOnCore(int code, String reason) {
        if (finalSent || ended) {
            LOG.debug("leg {}: reject {} ignored, final response already sent", id(), code);
            return;
        }
        finalSent = true;
        session.respond(invite, dialogResponse(code, reason));
        session.countRejected();
        end(CallLegListener.Party.LOCAL, "rejected " + code);
    }

    private void hangUpOnCore() {
        if (ended) {
            return;
        }
        if (!finalSent) {
            rejectOnCore(480, "Temporarily Unavailable");
            return;
        }
        if (!acked) {
            // section 15: the callee must not send BYE before the ACK (or its timeout); send it on the ACK
            byePending = true;
            return;
        }
        sendBye();
        end(CallLegListener.Party.LOCAL, "BYE");
    }

    private void sendBye() {
        session.sendInDialog(dialog, dialog.newRequest("BYE", null, null), null);
    }

    @Override
    void onAck(SipMessage ack) {
        if (renegotiation != null && renegotiation.onAck(ack)) {
            return; // the ACK of a re-INVITE
        }
        if (acked) {
            return; // a retransmitted ACK
        }
        acked = true;
        cancelOkTimers();
        ok = null;
        if (ack.bodyText() != null) {
            remoteSdp = ack.bodyText(); // late offer: the answer arrives in the ACK (RFC 3264 section 4)
        }
        if (byePending && !ended) {
            sendBye();
            end(CallLegListener.Party.LOCAL, "BYE");
        }
    }

    @Override
    void onRemoteBye() {
        if (!finalSent) {
            // a BYE on the early dialog: the INVITE still needs its final response (section 15.1.2)
            finalSent = true;
            session.respond(invite, dialogResponse(487, "Request Terminated"));
        }
        cancelOkTimers();
        end(CallLegListener.Party.REMOTE, "BYE");
    }

    void onRemoteCancel() {
        if (finalSent || ended) {
            return; // section 9.2: a CANCEL after the final response has no effect on the INVITE
        }
        finalSent = true;
        session.respond(invite, dialogResponse(487, "Request Terminated"));
        session.countCancelled();
        end(CallLegListener.Party.REMOTE, "CANCEL");
    }

    @Override
    boolean readyForReInvite() {
        return acked;
    }

    @Override
    void byeAndEnd(CallLegListener.Party who, String why) {
        sendBye();
        end(who, why);
    }

    private void cancelOkTimers() {
        if (okRetransmit != null) {
            okRetransmit.cancel();
            okRetransmit = null;
        }
        if (ackTimeout != null) {
            ackTimeout.cancel();
            ackTimeout = null;
        }
    }
}

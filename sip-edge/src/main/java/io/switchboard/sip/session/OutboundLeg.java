package io.switchboard.sip.session;

import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.locate.LocatedTarget;
import io.switchboard.sip.locate.UnresolvedDestinationException;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.trunk.DigestChallenge;
import io.switchboard.sip.trunk.DigestClient;
import io.switchboard.sip.trunk.Trunk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call the edge places through a trunk (the UAC half of the B2BUA): the trunk's destinations located (RFC 3263),
 * INVITE with our SDP offer, digest answers to 401/407, failover to the next target on 408, 5xx or timeout, CANCEL while ringing, BYE
 * once answered. Runs on the core loop after {@link #start}.
 */
final class OutboundLeg extends Leg implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundLeg.class);
    private static final int MAX_AUTH_ATTEMPTS = 2;

    private final String number;
    private final String callerId;
    /** The display name presented with the caller ID, or null. */
    private final String callerName;
    private final String sdpOffer;
    /** The numbers as the trunk wants them written (NumberFormat). */
    private final String wireNumber;
    private final String wireCallerId;
    private final String callId;
    /** For a call to a registered phone: the contact it rings (Request-URI) and the address of record (To). */
    private final String contactUri;
    private final String aorUri;
    private final String fromTag = SipMessages.newTag();
    /** The targets to try in turn: the trunk's destinations once located, or the phone's contact. */
    private final List<LocatedTarget> destinations = new ArrayList<>();
    private int destinationIndex;
    private long cseq;
    private int authAttempts;
    private SipMessage invite;
    private ClientTransaction inviteTx;
    private SipFlow flow;
    /** The connection a phone registered over, which its INVITE goes out on (null: the contact's address). */
    private SipFlow registeredFlow;
    private boolean provisionalSeen;
    /** The PRACKs of the current INVITE's reliable provisional responses (RFC 3262). */
    private ReliableProvisionals reliable = new ReliableProvisionals();
    private boolean cancelPending;
    private boolean cancelled;
    private boolean answered;
    private Dialog dialog;
    private byte[] ack;

    OutboundLeg(SessionLayer session, String id, Trunk trunk, String number, String callerId, String callerName,
                String sdpOffer) {
        super(session, id, trunk);
        var format = trunk.definition().outboundFormat();
        this.number = number;
        this.callerId = callerId;
        this.callerName = callerName == null || callerName.isBlank() ? null : callerName;
        this.wireNumber = trunk.numbers().toTrunk(number, format);
        this.wireCallerId = trunk.numbers().toTrunk(callerId, format);
        this.sdpOffer = sdpOffer;
        this.localSdp = sdpOffer;
        this.callId = SipMessages.newCallId(session.local().host());
        this.contactUri = null;
        this.aorUri = null;
    }

    /**
     * A branch of a call to an agent's registered phone: the INVITE goes to {@code contactUri} as its
     * Request-URI (RFC 3261 section 16.6 step 6: a target set member replaces it), with the address of record
     * {@code sip:<username>@<us>} in To; the numbers are written as given.
     */
    OutboundLeg(SessionLayer session, String id, Trunk phones, String username, String contactUri, String callerId,
                String callerName, String sdpOffer, SipFlow registeredFlow) {
        super(session, id, phones);
        this.registeredFlow = registeredFlow;
        this.number = username;
        this.callerId = callerId;
        this.callerName = callerName == null || callerName.isBlank() ? null : callerName;
        this.wireNumber = username;
        this.wireCallerId = callerId;
        this.sdpOffer = sdpOffer;
        this.localSdp = sdpOffer;
        this.callId = SipMessages.newCallId(session.local().host());
        this.contactUri = contactUri;
        this.aorUri = "sip:" + username + "@" + session.local().host();
        SipTarget contact = SipTarget.parse(contactUri);
        destinations.add(new LocatedTarget(contact, 0, contact.host() + ":" + contact.port()));
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public Direction direction() {
        return Direction.OUTBOUND;
    }

    @Override
    public String caller() {
        return callerId;
    }

    @Override
    public String callerName() {
        return callerName;
    }

    @Override
    public String called() {
        return number;
    }

    @Override
    Dialog dialog() {
        return dialog;
    }

    /** Core loop: takes a trunk slot and sends the first INVITE; a failure here fails the leg, never leaks it. */
    void start() {
        try {
            startUnchecked();
        } catch (RuntimeException e) {
            LOG.error("leg {}: could not place the call", id(), e);
            fail(500, "Server Internal Error");
        }
    }

    private void startUnchecked() {
        if (contactUri == null && trunkRef().destinations().isEmpty()) {
            fail(503, "Trunk Has No Outbound Destination");
            return;
        }
        if (!trunkRef().tryStartCall()) {
            fail(503, "Trunk Call Limit Reached");
            return;
        }
        session.outboundStarted(this);
        if (contactUri != null) {
            sendFirstInvite();
            return;
        }
        CompletableFuture<List<LocatedTarget>> located = session.locate(trunkRef().destinations());
        if (located.isDone()) {
            onLocated(located); // numeric destinations: no lookup, nothing to wait for
        } else {
            located.whenComplete((targets, error) -> session.execute(() -> onLocated(located)));
        }
    }

    /** Core loop: the trunk's destinations are located (RFC 3263 section 4); dial the first target. */
    private void onLocated(CompletableFuture<List<LocatedTarget>> located) {
        if (ended) {
            return;
        }
        try {
            destinations.addAll(located.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof UnresolvedDestinationException u) {
                LOG.warn("leg {}: trunk {}: {}", id(), trunk(), u.getMessage());
                fail(u.statusCode(), u.reasonPhrase());
                return;
            }
            throw e;
        }
        if (cancelPending) {
            end(CallLegListener.Party.LOCAL, "CANCEL"); // hung up while the names were looked up: nothing sent yet
            return;
        }
        if (destinations.isEmpty()) {
            fail(503, "Trunk Has No Outbound Destination");
            return;
        }
        sendFirstInvite();
    }

    private void sendFirstInvite() {
        destinationIndex = firstUpFrom(0);
        for (LocatedTarget located : destinations) {
            SipTarget d = located.target();
            if (!session.local().has(d.transport())) {
                // our Via and Contact must name a listener of that transport (RFC 3261 sections 18.1.1, 8.1.1.8)
                fail(503, "No " + d.transport() + " Listener");
                return;
            }
        }
        LOG.info("call leg {} start: outbound trunk={} from={} to={} call-id={}", id(), trunk(), callerId, number,
                callId);
        sendInvite(null);
    }

    private void sendInvite(String[] authorization) {
        SipTarget target = destinations.get(destinationIndex).target();
        String hostPort = destinations.get(destinationIndex).uriHostPort();
        String uri = contactUri != null ? contactUri : "sip:" + wireNumber + "@" + hostPort
                + (target.transport() == io.switchboard.sip.transport.TransportKind.UDP ? ""
                : ";transport=" + target.transport().name().toLowerCase(java.util.Locale.ROOT));
        SipFlow out = registeredFlow != null && registeredFlow.isOpen() ? registeredFlow : null;
        Dialog.Via via = session.local().via(out != null ? out.kind() : target.transport());
        String localUri = (callerName == null ? "" : quoted(callerName) + " ") + "<sip:" + wireCallerId + "@"
                + via.host() + ">";
        List<String[]> extra = new ArrayList<>();
        // RFC 3325: the caller ID for trusted trunks
        extra.add(new String[] {"P-Asserted-Identity", localUri});
        extra.add(new String[] {"Allow", SessionLayer.ALLOW});
        // RFC 4028: the far end may ask for a session timer; RFC 3262: and send its 18x reliably
        extra.add(new String[] {"Supported", "timer, 100rel"});
        if (authorization != null) {
            extra.add(authorization);
        }
        invite = SipMessages.request(new SipMessages.RequestParts("INVITE", uri,
                "SIP/2.0/" + via.transport() + " " + via.host() + ":" + via.port() + ";branch="
                        + SipMessages.newBranch() + ";rport",
                localUri + ";tag=" + fromTag, "<" + (aorUri != null ? aorUri : "sip:" + wireNumber + "@" + hostPort) + ">",
                callId, ++cseq,
                via.contact(), List.of(), extra, "application/sdp", sdpOffer));
        flow = out != null ? out : session.flowTo(target);
        provisionalSeen = false;
        reliable = new ReliableProvisionals(); // a new INVITE: new early dialogs
        inviteTx = session.transactions().send(invite, flow, this);
    }

    /**
     * A display name as an RFC 3261 section 25.1 quoted-string: backslash and double quote escaped, control
     * characters (which a quoted-string cannot hold) left out.
     */
    static String quoted(String displayName) {
        StringBuilder sb = new StringBuilder(displayName.length() + 2).append('"');
        for (char c : displayName.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7F) {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void onResponse(ClientTransaction tx, SipMessage response) {
        int code = response.statusCode();
        if (tx != inviteTx) {
            if (code >= 200 && code < 300) {
                ackAndBye(response); // an earlier attempt answered after we moved on: end it cleanly
            }
            return;
        }
        if (code < 200) {
            onProvisional(response);
        } else if (code < 300) {
            onSuccess(response);
        } else {
            onFailure(response);
        }
    }

    private void onProvisional(SipMessage response) {
        int code = response.statusCode();
        if (code == 100) {
            notifyListener("trying", CallLegListener::onTrying);
            return;
        }
        provisionalSeen = true;
        if (cancelPending) {
            sendCancel(); // RFC 3261 section 9.1: CANCEL only once a provisional response arrived
            return;
        }
        if (ReliableProvisionals.isReliable(response)
                && !reliable.acknowledge(invite, response, session.local().via(flow.kind()), flow, session)) {
            return; // RFC 3262 section 4: a retransmission, or out of order: already handled or not yet due
        }
        String sdp = response.bodyText();
        if (sdp != null) {
            remoteSdp = sdp;
            state = CallState.EARLY_MEDIA;
            notifyListener("early media", l -> l.onEarlyMedia(sdp));
        } else if (state == CallState.INITIAL) {
            state = CallState.RINGING;
            notifyListener("ringing", CallLegListener::onRinging);
        }
    }

    private void onSuccess(SipMessage response) {
        if (answered) {
            resendAck(); // a 2xx retransmission: our ACK was lost (section 13.2.2.4)
            return;
        }
        answered = true;
        dialog = Dialog.asUac(invite, response, session.local().via(flow.kind()), flow,
                reliable.localCseqFor(response.toTag(), invite.cseq()));
        session.dialogCreated(this);
        ack = dialog.newAck(cseq).encode();
        resendAck();
        if (cancelPending || cancelled || ended) {
            sendBye();
            end(CallLegListener.Party.LOCAL, "BYE");
            return;
        }
        remoteSdp = response.bodyText();
        notePeerAllow(response);
        renegotiation = new Renegotiation(this, session, true);
        answered();
        int interval = SessionTimer.interval(response);
        if (interval > 0) {
            // RFC 4028 section 7.2: the 2xx says who refreshes; absent means us (the UAC)
            boolean weRefresh = !"uas".equals(SessionTimer.refresher(response));
            sessionTimer = new SessionTimer(this, session, interval, weRefresh);
            sessionTimer.start();
        }
        state = CallState.ANSWERED;
        session.countAnswered();
        String sdp = remoteSdp;
        notifyListener("answered", l -> l.onAnswered(sdp));
    }

    private void onFailure(SipMessage response) {
        int code = response.statusCode();
        if (cancelled) {
            end(CallLegListener.Party.LOCAL, "CANCEL");
            return;
        }
        if ((code == 401 || code == 407) && answerChallenge(response)) {
            return;
        }
        if ((code == 408 || code >= 500) && code != 503 && nextDestination()) {
            return;
        }
        if (code == 503 && nextDestination()) {
            return;
        }
        fail(code, response.reasonPhrase());
    }

    /** RFC 3261 section 22.2: resend with credentials; a second challenge is answered only when stale. */
    private boolean answerChallenge(SipMessage response) {
        var def = trunkRef().definition();
        if (def.outboundUsername() == null || authAttempts >= MAX_AUTH_ATTEMPTS) {
            return false;
        }
        boolean proxy = response.statusCode() == 407;
        DigestChallenge challenge = DigestClient.choose(response.headers(proxy ? "Proxy-Authenticate"
                : "WWW-Authenticate"));
        if (challenge == null || (authAttempts > 0 && !challenge.stale())) {
            return false;
        }
        authAttempts++;
        String value = new DigestClient(def.outboundUsername(), def.outboundPassword())
                .authorization(challenge, "INVITE", invite.requestUri());
        sendInvite(new String[] {proxy ? "Proxy-Authorization" : "Authorization", value});
        return true;
    }

    /** The first destination at or after {@code from} that keepalives report up; {@code from} if none is. */
    private int firstUpFrom(int from) {
        if (contactUri != null) {
            return from; // a phone's contact has no keepalive
        }
        for (int i = from; i < destinations.size(); i++) {
            if (trunkRef().destinationUp(destinations.get(i).destination())) {
                return i;
            }
        }
        return from;
    }

    private boolean nextDestination() {
        if (destinationIndex + 1 >= destinations.size() || cancelPending) {
            return false;
        }
        destinationIndex = firstUpFrom(destinationIndex + 1);
        authAttempts = 0;
        LOG.info("leg {}: failing over to {}", id(), destinations.get(destinationIndex).target());
        sendInvite(null);
        return true;
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (tx != inviteTx) {
            return;
        }
        if (!cancelled && nextDestination()) {
            return;
        }
        if (cancelled) {
            end(CallLegListener.Party.LOCAL, "CANCEL");
        } else {
            fail(408, "Request Timeout");
        }
    }

    /** A 2xx arriving after the INVITE transaction ended (section 13.2.2.4): ACK it again. */
    void onStray2xx() {
        resendAck();
    }

    @Override
    public void hangUp() {
        session.execute(this::hangUpOnCore);
    }

    private void hangUpOnCore() {
        if (ended) {
            return;
        }
        if (answered) {
            sendBye();
            end(CallLegListener.Party.LOCAL, "BYE");
        } else if (provisionalSeen) {
            sendCancel();
        } else {
            cancelPending = true;
        }
    }

    private void sendCancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        cancelPending = false;
        session.transactions().send(invite.createCancel(), flow, SessionLayer.IGNORE);
    }

    private void resendAck() {
        if (ack != null) {
            session.flowFor(dialog).send(ack);
        }
    }

    private void ackAndBye(SipMessage response) {
        Dialog late = Dialog.asUac(invite, response, session.local().via(flow.kind()), flow);
        session.flowFor(late).send(late.newAck(response.cseq()).encode());
        session.sendInDialog(late, late.newRequest("BYE", null, null), null);
    }

    private void sendBye() {
        session.sendInDialog(dialog, dialog.newRequest("BYE", null, null), null);
    }

    private void fail(int code, String reason) {
        if (ended) {
            return;
        }
        notifyListener("failed", l -> l.onFailed(code, reason));
        end(CallLegListener.Party.REMOTE, "failed " + code + (reason == null ? "" : " " + reason));
    }

    @Override
    void onAck(SipMessage ack) {
        if (renegotiation != null) {
            renegotiation.onAck(ack); // the ACK of the far end's re-INVITE
        }
    }

    @Override
    void onRemoteBye() {
        end(CallLegListener.Party.REMOTE, "BYE");
    }

    @Override
    void byeAndEnd(CallLegListener.Party who, String why) {
        sendBye();
        end(who, why);
    }
}

package io.switchboard.sip.dialog;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.transport.SipFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * The dialog state of RFC 3261 section 12: identifiers, route set, remote target and sequence numbers, and
 * the construction of in-dialog requests (section 12.2.1.1). Confined to the core loop.
 */
public final class Dialog {
    /** Section 12: early until a 2xx, confirmed after, terminated by BYE or failure. */
    public enum State { EARLY, CONFIRMED, TERMINATED }

    private final DialogId id;
    private final String localUri;
    private final String remoteUri;
    private final List<String> routeSet;
    private final Via via;
    private String remoteTarget;
    private long localCseq;
    private long remoteCseq;
    private State state = State.EARLY;
    private SipFlow flow;

    /** How the edge names itself in requests it sends on this dialog. */
    public record Via(String transport, String host, int port, String contact) {
    }

    private Dialog(DialogId id, String localUri, String remoteUri, List<String> routeSet, String remoteTarget,
                   long localCseq, long remoteCseq, Via via, SipFlow flow) {
        this.id = id;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.routeSet = routeSet;
        this.remoteTarget = remoteTarget;
        this.localCseq = localCseq;
        this.remoteCseq = remoteCseq;
        this.via = via;
        this.flow = flow;
    }

    /**
     * The UAS side of section 12.1.1: route set from Record-Route in order, remote target from Contact,
     * remote sequence number from the request, our tag chosen here.
     */
    public static Dialog asUas(SipMessage invite, String localTag, Via via, SipFlow flow) {
        DialogId id = new DialogId(invite.callId(), localTag, invite.fromTag());
        String target = invite.contactUri() != null ? invite.contactUri() : invite.fromUri();
        return new Dialog(id, nameAddr(invite.toValue()), nameAddr(invite.fromValue()),
                new ArrayList<>(invite.recordRoutes()), target, 0, invite.cseq(), via, flow);
    }

    /** The UAC side of section 12.1.2: route set from Record-Route in reverse, remote target from Contact. */
    public static Dialog asUac(SipMessage invite, SipMessage response, Via via, SipFlow flow) {
        return asUac(invite, response, via, flow, invite.cseq());
    }

    /**
     * As {@link #asUac(SipMessage, SipMessage, Via, SipFlow)}, our CSeq continuing from {@code localCseq}: the
     * early dialog of the same To tag already sent requests (PRACK, RFC 3262), and CSeq grows within a dialog.
     */
    public static Dialog asUac(SipMessage invite, SipMessage response, Via via, SipFlow flow, long localCseq) {
        DialogId id = new DialogId(invite.callId(), invite.fromTag(), response.toTag());
        List<String> routes = new ArrayList<>(response.recordRoutes());
        java.util.Collections.reverse(routes);
        String target = response.contactUri() != null ? response.contactUri() : invite.requestUri();
        Dialog d = new Dialog(id, nameAddr(invite.fromValue()), nameAddr(response.toValue()), routes, target,
                localCseq, -1, via, flow);
        return d;
    }

    public DialogId id() {
        return id;
    }

    public State state() {
        return state;
    }

    public void confirm() {
        if (state == State.EARLY) {
            state = State.CONFIRMED;
        }
    }

    public void terminate() {
        state = State.TERMINATED;
    }

    /** The flow requests on this dialog prefer: the one the dialog was created on, while it is open. */
    public SipFlow flow() {
        return flow;
    }

    public String remoteTarget() {
        return remoteTarget;
    }

    /** The first Route our requests carry (where they go first under loose routing), or null. */
    public String firstRoute() {
        return routeSet.isEmpty() ? null : routeSet.get(0);
    }

    /**
     * Section 12.2.2: a remote CSeq lower than the last one is out of order (answer 500). Accepting it records
     * the new value; a target refresh may update the remote target.
     */
    public boolean acceptRemoteRequest(SipMessage request) {
        if (remoteCseq >= 0 && request.cseq() < remoteCseq) {
            return false;
        }
        remoteCseq = request.cseq();
        if ("INVITE".equals(request.method()) || "UPDATE".equals(request.method())) {
            if (request.contactUri() != null) {
                remoteTarget = request.contactUri(); // section 12.2.2: target refresh
            }
        }
        return true;
    }

    /**
     * A request within the dialog (section 12.2.1.1): Request-URI the remote target, Route the route set
     * (loose routing), From/To with the dialog's tags, the next local CSeq, a fresh branch.
     */
    public SipMessage newRequest(String method, String contentType, String body) {
        long cseq = "ACK".equals(method) || "CANCEL".equals(method) ? localCseq : ++localCseq;
        return build(method, cseq, SipMessages.newBranch(), contentType, body);
    }

    /** The ACK for a 2xx to our INVITE with CSeq {@code inviteCseq} (section 13.2.2.4): a new transaction id. */
    /** The last CSeq we used in this dialog. */
    public long localCseq() {
        return localCseq;
    }

    public SipMessage newAck(long inviteCseq) {
        return build("ACK", inviteCseq, SipMessages.newBranch(), null, null);
    }

    private SipMessage build(String method, long cseq, String branch, String contentType, String body) {
        String viaValue = "SIP/2.0/" + via.transport() + " " + via.host() + ":" + via.port() + ";branch=" + branch
                + ";rport";
        return SipMessages.request(new SipMessages.RequestParts(method, remoteTarget, viaValue,
                localUri + ";tag=" + id.localTag(), remoteUri + ";tag=" + id.remoteTag(), id.callId(), cseq,
                via.contact(), routeSet, List.of(), contentType, body));
    }

    /** The URI part of a From/To value as a name-addr, without its tag (tags are added per request). */
    private static String nameAddr(String headerValue) {
        String v = headerValue;
        int close = v.lastIndexOf('>');
        int params = v.indexOf(';', Math.max(close, 0));
        String addr = params < 0 ? v : v.substring(0, params);
        String rest = params < 0 ? "" : v.substring(params);
        StringBuilder kept = new StringBuilder(addr.trim());
        if (close < 0 && !addr.contains("<")) {
            kept = new StringBuilder("<" + addr.trim() + ">");
        }
        for (String p : rest.split(";")) {
            if (!p.isBlank() && !p.trim().toLowerCase(java.util.Locale.ROOT).startsWith("tag=")) {
                kept.append(';').append(p.trim());
            }
        }
        return kept.toString();
    }

    @Override
    public String toString() {
        return "Dialog[" + id.callId() + " " + state + "]";
    }
}

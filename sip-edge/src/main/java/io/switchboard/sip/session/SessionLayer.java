package io.switchboard.sip.session;

import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.locate.LocatedTarget;
import io.switchboard.sip.locate.SipDestination;
import io.switchboard.sip.locate.SipServerLocator;
import io.switchboard.sip.dialog.DialogId;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.transaction.InviteServerTransaction;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.trunk.DigestServer;
import io.switchboard.sip.trunk.Trunk;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UA core above the transactions (RFC 3261 sections 8 and 12-15) for a B2BUA: turns trunk INVITEs
 * into call legs, and routes CANCEL, ACK, BYE and OPTIONS to them. Request handling is a table by method.
 * Confined to the core loop; legs hand their actions over with {@link #execute}.
 */
public final class SessionLayer implements TransactionUser {
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE";
    /** Methods of RFC 3261 and its extensions that we recognise but do not serve: 405 rather than 501. */
    private static final java.util.Set<String> KNOWN_UNSERVED = java.util.Set.of("REGISTER", "PRACK", "SUBSCRIBE",
            "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE");
    private static final Logger LOG = LoggerFactory.getLogger(SessionLayer.class);
    static final ClientTransactionListener IGNORE = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction transaction, SipMessage response) {
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
        }
    };

    /** One request method's handling. */
    private interface RequestHandler {
        void handle(ServerTransaction tx, SipMessage request);
    }

    private final TrunkTable trunks;
    private final CallHandler handler;
    private final boolean rejectUnknownWith403;
    /** Null when no trunk authenticates by digest. */
    private InboundAuthenticator authenticator;
    /** What every authenticator is wired to, kept so that one rebuilt on a reload is wired the same. */
    private java.util.function.Consumer<java.net.InetAddress> authFailures = ip -> { };
    private io.switchboard.sip.trunk.UserBans userBans;
    private final TrunkServices trunkServices;
    private final FlowResolver flows;
    private final LocalAddresses local;
    private final Executor core;
    private final String userAgent;
    private final SessionCounters counters = new SessionCounters();
    private final Map<String, RequestHandler> handlers = new HashMap<>();
    private final Map<DialogId, Leg> byDialog = new HashMap<>();
    private final Map<ServerTransaction, InboundLeg> byInvite = new HashMap<>();
    private final AtomicLong legIds = new AtomicLong();
    private TransactionLayer transactions;
    /** Where trunk destinations given as host names are looked up; until set, names find nothing. */
    private volatile SipServerLocator locator;
    private volatile long maxCallDurationMillis;
    private SecurityLog security = new SecurityLog(System::currentTimeMillis, SecurityEventListener.NONE);
    /** Agents' SIP phones; serves REGISTER once it has users. */
    private final Registrar registrar;
    /** The pseudo-trunk that calls to agents' SIP phones count on: no limit, no ACL, no destinations of its own. */
    private final Trunk phones = new Trunk(io.switchboard.sip.api.TrunkDefinition.inbound(PHONE_TRUNK));
    /** The trunk name calls to agents' SIP phones carry. */
    public static final String PHONE_TRUNK = "sip-phones";

    public SessionLayer(TrunkTable trunks, CallHandler handler, boolean rejectUnknownWith403, FlowResolver flows,
                        LocalAddresses local, Executor core, String userAgent, DigestServer digest) {
        this.trunks = trunks;
        this.authenticator = authenticatorFor(digest);
        this.trunkServices = new TrunkServices(this, trunks);
        this.registrar = new Registrar(this, counters, System::currentTimeMillis, security);
        this.handler = handler;
        this.rejectUnknownWith403 = rejectUnknownWith403;
        this.flows = flows;
        this.local = local;
        this.core = core;
        this.userAgent = userAgent;
        this.locator = SipServerLocator.numericOnly(local.transports());
        handlers.put("INVITE", this::onInvite);
        handlers.put("BYE", this::onBye);
        handlers.put("CANCEL", this::onCancel);
        handlers.put("OPTIONS", this::onOptions);
        handlers.put("REGISTER", this::onRegister);
        handlers.put("UPDATE", this::onUpdate);
    }

    /** Who hears of failed digest authentications (the source guard, to ban repeat offenders). */
    public void onAuthenticationFailure(java.util.function.Consumer<java.net.InetAddress> listener) {
        this.authFailures = listener;
        if (authenticator != null) {
            authenticator.onFailure(listener);
        }
        registrar.onFailure(listener);
    }

    /** Who bans user names after repeated failed authentications, for calls and registrations alike. */
    public void banUsersWith(io.switchboard.sip.trunk.UserBans bans) {
        this.userBans = bans;
        if (authenticator != null) {
            authenticator.banUsersWith(bans);
        }
        registrar.banUsersWith(bans);
    }

    /** Where the legs report what they refuse as security events (a call to a destination nothing serves). */
    SecurityLog security() {
        return security;
    }

    /** Where refused sources and failed authentications are reported as security events. */
    public void reportSecurityTo(SecurityLog log) {
        this.security = log;
        if (authenticator != null) {
            authenticator.reportSecurityTo(log);
        }
        registrar.reportSecurityTo(log);
    }

    /** Null when no trunk authenticates by digest. */
    private InboundAuthenticator authenticatorFor(DigestServer digest) {
        return trunks.anyDigestUsers() && digest != null ? new InboundAuthenticator(this, trunks, digest, counters)
                : null;
    }

    /**
     * Core loop, after the trunk table was replaced (a reload): digest authentication with {@code digest} (a new
     * one when the realm or algorithms changed, else the one in use, whose nonces stay valid), and keepalives and
     * registrations restarted for the trunks that changed. Calls in progress are untouched.
     */
    public void trunksChanged(io.switchboard.sip.trunk.TrunkTable.Changes changes, DigestServer digest) {
        InboundAuthenticator next = authenticatorFor(digest);
        if (next != null) {
            next.onFailure(authFailures);
            if (userBans != null) {
                next.banUsersWith(userBans);
            }
            next.reportSecurityTo(security);
        }
        authenticator = next;
        trunkServices.reload(changes);
    }

    /** Core loop: whether an in-dialog request (it has a To tag) belongs to one of our dialogs. */
    public boolean hasDialog(SipMessage request) {
        return legFor(request) != null;
    }

    /**
     * Core loop: whether a request from a source no trunk accepts is still ours to handle: a request of one of our
     * dialogs, or a REGISTER while agents' phones may register (from anywhere; the registrar challenges it).
     */
    public boolean servesFromAnywhere(SipMessage request) {
        return (request.toTag() != null && hasDialog(request))
                || ("REGISTER".equals(request.method()) && request.toTag() == null && registrar.serves());
    }

    /** Core loop: the agents' SIP phone users (username to HA1, one realm); empty to stop serving REGISTER. */
    public void setPhoneUsers(Map<String, io.switchboard.sip.api.DigestSecret> users, List<String> algorithms) {
        registrar.setUsers(users, algorithms);
    }

    /** Whether a live phone registration came from {@code source}; from any thread, allocation-free. */
    public boolean registeredFrom(java.net.InetAddress source) {
        return registrar.registeredFrom(source);
    }

    /** The phones registered now: username to contact URIs; from any thread. */
    public Map<String, List<String>> registrations() {
        return registrar.snapshot();
    }

    private void onRegister(ServerTransaction tx, SipMessage register) {
        if (!registrar.serves()) {
            SipMessage r = register.createResponse(405, "Method Not Allowed");
            r.setHeader("Allow", ALLOW);
            respond(tx, r);
            return;
        }
        registrar.onRegister(tx, register);
    }

    /** Looks trunk destinations given as host names up with {@code dns} (RFC 3263). Set before traffic arrives. */
    public void locateWith(SipServerLocator dns) {
        this.locator = dns;
    }

    /** Core loop: the targets of a trunk's destinations, at once when they are numeric. */
    CompletableFuture<List<LocatedTarget>> locate(List<SipDestination> destinations) {
        return locator.locateAll(destinations);
    }

    /** Connects the transaction layer, which is built with this layer as its TU. */
    public void attach(TransactionLayer layer) {
        this.transactions = layer;
    }

    /** Starts trunk keepalives and registrations; call on the core loop once attached. */
    public void startTrunkServices() {
        trunkServices.start();
    }

    /** Stops keepalives and registration refreshes (the edge is stopping). */
    public void stopTrunkServices() {
        trunkServices.stop();
    }

    /** trunk_registered{trunk="x"} 1/0 for trunks that register. */
    public Map<String, Long> registrationSnapshot() {
        return trunkServices.snapshot();
    }

    /**
     * True when a call leg's dialog was set up on {@code flow}, or a phone's live registration came over it (a scan:
     * asked only for an idle connection).
     */
    public boolean usesFlow(SipFlow flow) {
        for (Leg leg : byDialog.values()) {
            if (leg.dialog() != null && leg.dialog().flow() == flow) {
                return true;
            }
        }
        for (InboundLeg leg : byInvite.values()) {
            if (leg.dialog().flow() == flow) {
                return true;
            }
        }
        return registrar.usesFlow(flow);
    }

    public SessionCounters counters() {
        return counters;
    }

    /** Answered calls end with BYE after this long; 0 disables the safety net. Set before traffic arrives. */
    public void setMaxCallDuration(long millis) {
        this.maxCallDurationMillis = millis;
    }

    long maxCallDurationMillis() {
        return maxCallDurationMillis;
    }

    TransactionLayer transactions() {
        return transactions;
    }

    @Override
    public void onRequest(ServerTransaction tx, SipMessage request) {
        counters.request(request.method());
        String scheme = request.requestUri().substring(0, Math.max(0, request.requestUri().indexOf(':')))
                .toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel")) {
            // RFC 3261 section 8.2.2.1
            respond(tx, request.createResponse(416, "Unsupported URI Scheme"));
            return;
        }
        RequestHandler h = handlers.get(request.method());
        if (h == null) {
            // RFC 3261 section 8.2.1: a method we know but do not serve gets 405 with Allow; one we do not
            // recognise at all gets 501 (section 21.5.2, RFC 4475 section 3.1.1.2), also with Allow
            SipMessage r = KNOWN_UNSERVED.contains(request.method())
                    ? request.createResponse(405, "Method Not Allowed")
                    : request.createResponse(501, "Not Implemented");
            r.setHeader("Allow", ALLOW);
            respond(tx, r);
            return;
        }
        if (!request.method().equals("INVITE") && !request.method().equals("CANCEL")
                && refusedExtensions(tx, request)) {
            return; // an INVITE is checked once its trunk is known, so unknown sources learn nothing
        }
        h.handle(tx, request);
    }

    private void onInvite(ServerTransaction tx, SipMessage invite) {
        if (invite.toTag() != null) {
            onReInvite(tx, invite);
            return;
        }
        Trunk trunk = trunks.matchInbound(tx.flow().remote().getAddress());
        if (trunk == null && authenticator != null && trunks.challenges(tx.flow().remote().getAddress())) {
            trunk = authenticator.authenticate(tx, invite);
            if (trunk == null) {
                return; // challenged or refused
            }
        }
        if (trunk == null) {
            counters.unknownSource++;
            LOG.info("INVITE {} from unknown source {} refused", invite.callId(), tx.flow().remote());
            security.request(SecurityEvent.Type.REFUSED_SOURCE, invite, tx.flow(), null,
                    "no trunk accepts the source");
            if (rejectUnknownWith403) {
                respond(tx, invite.createResponse(403, "Forbidden"));
            }
            return;
        }
        String body = invite.bodyText();
        if (body != null && !"application/sdp".equalsIgnoreCase(invite.contentType())) {
            // RFC 3261 section 8.2.3: say what we accept
            SipMessage r = invite.createResponse(415, "Unsupported Media Type");
            r.setHeader("Accept", "application/sdp");
            respond(tx, r);
            return;
        }
        if (refusedExtensions(tx, invite)) {
            return;
        }
        if (!acceptsSdp(invite.headers("Accept"))) {
            // section 8.2.2 with RFC 4475 section 3.3.15: our answer is SDP, which the caller says it cannot take
            SipMessage r = invite.createResponse(406, "Not Acceptable");
            r.setHeader("Warning", "399 switchboard \"the answer would be application/sdp\"");
            respond(tx, r);
            return;
        }
        int interval = SessionTimer.interval(invite);
        if (interval >= 0 && interval < SessionTimer.MIN_SE_SECONDS) {
            // RFC 4028 section 8.1: too short an interval is refused with our minimum
            SipMessage r = invite.createResponse(422, "Session Interval Too Small");
            r.setHeader("Min-SE", Integer.toString(SessionTimer.MIN_SE_SECONDS));
            respond(tx, r);
            return;
        }
        if (!trunk.tryStartCall()) {
            LOG.info("INVITE {} on trunk {} refused: {} calls already", invite.callId(), trunk.name(),
                    trunk.activeCalls());
            respond(tx, invite.createResponse(503, "Trunk Call Limit Reached"));
            return;
        }
        InviteServerTransaction inviteTx = (InviteServerTransaction) tx;
        Dialog dialog = Dialog.asUas(invite, io.switchboard.sip.codec.SipMessages.newTag(),
                local.via(tx.flow().kind()), tx.flow());
        InboundLeg leg = new InboundLeg(this, "in-" + legIds.incrementAndGet(), trunk, inviteTx, dialog);
        byDialog.put(dialog.id(), leg);
        byInvite.put(tx, leg);
        leg.counted = true;
        counters.inboundCalls++;
        counters.active++;
        LOG.info("call leg {} start: inbound trunk={} from={} to={} call-id={}", leg.id(), trunk.name(),
                leg.caller(), leg.called(), invite.callId());
        try {
            handler.onIncomingCall(leg);
        } catch (RuntimeException e) {
            LOG.error("call handler failed on leg {} ({})", leg.id(), invite.callId(), e);
            leg.rejectOnCore(500, "Server Internal Error");
        }
    }

    /**
     * RFC 3261 section 8.2.2.3: a Require naming an extension we lack is refused with 420 listing them in
     * Unsupported. Of the extensions a peer may require we support only "timer" (RFC 4028). True when refused.
     */
    private boolean refusedExtensions(ServerTransaction tx, SipMessage request) {
        java.util.List<String> unsupported = request.headers("Require").stream().map(String::trim)
                .filter(x -> !x.equalsIgnoreCase("timer")).toList();
        if (unsupported.isEmpty()) {
            return false;
        }
        SipMessage r = request.createResponse(420, "Bad Extension");
        r.setHeader("Unsupported", String.join(", ", unsupported));
        respond(tx, r);
        return true;
    }

    /** True without an Accept header (section 20.1: application/sdp is then assumed) or when one admits SDP. */
    private static boolean acceptsSdp(java.util.List<String> accept) {
        if (accept.isEmpty()) {
            return true;
        }
        for (String value : accept) {
            String range = value.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (range.equals("application/sdp") || range.equals("application/*") || range.equals("*/*")
                    || range.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void onReInvite(ServerTransaction tx, SipMessage invite) {
        Leg leg = legFor(invite);
        if (leg == null) {
            respond(tx, invite.createResponse(481, "Call/Transaction Does Not Exist"));
            return;
        }
        if (!leg.dialog().acceptRemoteRequest(invite)) {
            respond(tx, invite.createResponse(500, "CSeq Out of Order"));
            return;
        }
        leg.onReInvite(tx, invite);
    }

    private void onUpdate(ServerTransaction tx, SipMessage update) {
        Leg leg = legFor(update);
        if (leg == null) {
            respond(tx, update.createResponse(481, "Call/Transaction Does Not Exist"));
            return;
        }
        if (!leg.dialog().acceptRemoteRequest(update)) {
            respond(tx, update.createResponse(500, "CSeq Out of Order"));
            return;
        }
        leg.onUpdate(tx, update);
    }

    private void onBye(ServerTransaction tx, SipMessage bye) {
        Leg leg = legFor(bye);
        if (leg == null) {
            respond(tx, bye.createResponse(481, "Call/Transaction Does Not Exist"));
            return;
        }
        if (!leg.dialog().acceptRemoteRequest(bye)) {
            respond(tx, bye.createResponse(500, "CSeq Out of Order"));
            return;
        }
        respond(tx, bye.createResponse(200, "OK"));
        leg.onRemoteBye();
    }

    /** RFC 3261 section 9.2: 200 to the CANCEL, then 487 to the INVITE if it has no final response yet. */
    private void onCancel(ServerTransaction tx, SipMessage cancel) {
        InviteServerTransaction invite = transactions.findCancelled(cancel);
        if (invite == null) {
            respond(tx, cancel.createResponse(481, "Call/Transaction Does Not Exist"));
            return;
        }
        respond(tx, cancel.createResponse(200, "OK"));
        InboundLeg leg = byInvite.get(invite);
        if (leg != null) {
            leg.onRemoteCancel();
            return;
        }
        Leg inDialog = legFor(cancel); // the CANCEL of a re-INVITE carries the dialog's tags
        if (inDialog != null && inDialog.renegotiation != null) {
            inDialog.renegotiation.onCancel(invite);
        }
    }

    /** RFC 3261 section 11.2: OPTIONS answered as an INVITE would be, with our capabilities. */
    private void onOptions(ServerTransaction tx, SipMessage options) {
        SipMessage r = options.createResponse(200, "OK");
        r.setHeader("Allow", ALLOW);
        r.setHeader("Accept", "application/sdp");
        r.setHeader("Supported", "timer");
        r.setHeader("Server", userAgent);
        respond(tx, r);
    }

    @Override
    public void onAck(SipMessage ack, SipFlow flow) {
        counters.request("ACK");
        Leg leg = legFor(ack);
        if (leg != null) {
            leg.onAck(ack);
        }
    }

    @Override
    public void onStrayResponse(SipMessage response, SipFlow flow) {
        int code = response.statusCode();
        if ("INVITE".equals(response.cseqMethod()) && code >= 200 && code < 300 && response.toTag() != null) {
            Leg leg = byDialog.get(new DialogId(response.callId(), response.fromTag(), response.toTag()));
            if (leg instanceof OutboundLeg out) {
                out.onStray2xx();
                return;
            }
        }
        LOG.debug("stray {} {} for {}", code, response.cseqMethod(), response.callId());
    }

    /**
     * Places a call through {@code trunkName}; returns the leg at once, the INVITE goes out on the core loop.
     * An unknown trunk fails the leg with 404 rather than throwing, as any other routing failure would.
     */
    public io.switchboard.sip.api.CallLeg dial(String trunkName, String number, String callerId, String sdpOffer,
                                               io.switchboard.sip.api.CallLegListener listener) {
        return dial(trunkName, number, callerId, null, sdpOffer, listener);
    }

    /** As {@link #dial(String, String, String, String, io.switchboard.sip.api.CallLegListener)}, with a display name. */
    public io.switchboard.sip.api.CallLeg dial(String trunkName, String number, String callerId, String callerName,
                                               String sdpOffer, io.switchboard.sip.api.CallLegListener listener) {
        Trunk trunk = trunks.byName(trunkName);
        if (trunk == null) {
            throw new IllegalArgumentException("no trunk named " + trunkName);
        }
        OutboundLeg leg = new OutboundLeg(this, "out-" + legIds.incrementAndGet(), trunk, number, callerId, callerName,
                sdpOffer);
        if (listener != null) {
            leg.setListener(listener);
        }
        execute(leg::start);
        return leg;
    }

    /**
     * Rings every contact {@code username}'s phone registered, at once (a {@link PhoneFork}); returns the leg at
     * once, the INVITEs go out on the core loop. No registration fails the leg with 480.
     */
    public io.switchboard.sip.api.CallLeg ringPhone(String username, String callerId, String callerName,
                                                    String sdpOffer, io.switchboard.sip.api.CallLegListener listener) {
        PhoneFork fork = new PhoneFork(this, "phone-" + legIds.incrementAndGet(), phones.name(), username, callerId,
                callerName);
        if (listener != null) {
            fork.setListener(listener);
        }
        execute(() -> fork.start(registrar.contactsOf(username), (branchId, contact) ->
                new OutboundLeg(this, branchId, phones, username, contact, callerId, callerName, sdpOffer,
                        registrar.flowOf(username, contact))));
        return fork;
    }

    void outboundStarted(OutboundLeg leg) {
        leg.counted = true;
        counters.outboundCalls++;
        counters.active++;
    }

    void dialogCreated(Leg leg) {
        byDialog.put(leg.dialog().id(), leg);
    }

    SipFlow flowTo(SipTarget target) {
        return flows.flowTo(target);
    }

    @Override
    public void onAckTimeout(InviteServerTransaction transaction) {
        LOG.debug("no ACK for {} {}", transaction.lastStatus(), transaction.callId());
    }

    private Leg legFor(SipMessage inDialog) {
        if (inDialog.toTag() == null) {
            return null;
        }
        return byDialog.get(new DialogId(inDialog.callId(), inDialog.toTag(), inDialog.fromTag()));
    }

    /** Sends a response through its transaction and counts it; section 8.2.6.2: finals carry a To tag. */
    boolean respond(ServerTransaction tx, SipMessage response) {
        if (response.statusCode() > 100 && response.toTag() == null) {
            response.setToTag(io.switchboard.sip.codec.SipMessages.newTag());
        }
        counters.response(response.statusCode());
        return tx.respond(response);
    }

    /** Sends a request on a dialog through a client transaction, on the dialog's flow while it is open. */
    void sendInDialog(Dialog dialog, SipMessage request, ClientTransactionListener listener) {
        transactions.send(request, flowFor(dialog), listener == null ? IGNORE : listener);
    }

    /**
     * RFC 3261 section 12.2.1.1 with loose routing: the first Route, else the remote target. A TCP/TLS dialog
     * keeps using its connection while it is open, as peers behind NAT need.
     */
    SipFlow flowFor(Dialog dialog) {
        SipFlow flow = dialog.flow();
        if (flow.kind().reliable() && flow.isOpen()) {
            return flow;
        }
        String next = dialog.firstRoute() != null ? dialog.firstRoute() : dialog.remoteTarget();
        return flows.flowTo(SipTarget.parse(next));
    }

    LocalAddresses local() {
        return local;
    }

    void legEnded(Leg leg) {
        if (leg.dialog() != null) {
            byDialog.remove(leg.dialog().id(), leg);
        }
        if (leg instanceof InboundLeg in) {
            byInvite.remove(in.inviteTransaction(), in);
        }
        if (leg.counted) {
            leg.counted = false;
            leg.trunkRef().endCall();
            counters.active--;
        }
    }

    void countAnswered() {
        counters.answered++;
    }

    void countRejected() {
        counters.rejected++;
    }

    void countCancelled() {
        counters.cancelled++;
    }

    void countAckTimeout() {
        counters.ackTimeouts++;
    }

    /** Runs {@code task} on the core loop; a failure is logged, never lost silently. */
    void execute(Runnable task) {
        core.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("call leg action failed", e);
            }
        });
    }

}

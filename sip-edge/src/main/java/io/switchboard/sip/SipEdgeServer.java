package io.switchboard.sip;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.api.SipEdge;
import io.switchboard.sip.api.SipEdgeAddresses;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.SipEdgeStartException;
import io.switchboard.sip.api.SipLimits;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.locate.NettyDnsLookup;
import io.switchboard.sip.locate.SipServerLocator;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.session.LocalAddresses;
import io.switchboard.sip.session.SessionLayer;
import io.switchboard.sip.transaction.EventLoopScheduler;
import io.switchboard.sip.transaction.SipTimers;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transport.InboundListener;
import io.switchboard.sip.transport.NettyPlatform;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.SipTransports;
import io.switchboard.sip.transport.TransportBindException;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.transport.TransportLimits;
import io.switchboard.sip.trunk.DigestAlgorithm;
import io.switchboard.sip.trunk.DigestServer;
import io.switchboard.sip.trunk.NonceService;
import io.switchboard.sip.trunk.SourceFilter;
import io.switchboard.sip.trunk.SourceGuard;
import io.switchboard.sip.trunk.UserBans;
import io.switchboard.sip.trunk.TrunkTable;
import io.switchboard.sip.trunk.TrustedSources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the {@link SipEdge}: the one place that wires transports, transactions, the session layer
 * and the trunk guards together, so the {@code api} package holds only contracts. Ownership: the edge owns the
 * Netty group; the first loop of the group is the SIP core that owns every transaction, dialog and leg.
 */
public final class SipEdgeServer implements SipEdge {
    private static final Logger LOG = LoggerFactory.getLogger(SipEdgeServer.class);
    /** How long a digest nonce stays fresh before a client is asked again with stale=true. */
    private static final long NONCE_LIFETIME_MILLIS = 300_000;

    private final SipEdgeSettings settings;
    private final TrunkTable trunks;
    private final CallHandler handler;
    private final SecurityEventListener securityEvents;
    private volatile SecurityLog security;
    private volatile EventLoop core;
    /** Guarded by this. */
    private EventLoopGroup group;
    private SipTransports transports;
    private volatile TransactionLayer transactions;
    private volatile SessionLayer session;
    private volatile SourceFilter filter;
    private volatile SourceGuard guard;
    private volatile UserBans userBans;
    private volatile InboundListener inbound;
    private volatile SipEdgeAddresses addresses;
    private volatile EventLoopScheduler scheduler;
    /** The digest server of the trunks' users, or null without any; replaced on the core loop by a reload. */
    private volatile DigestServer digest;
    /** Trunk destination lookups on the core loop; closed with the edge. */
    private volatile NettyDnsLookup dns;

    private SipEdgeServer(SipEdgeSettings settings, List<TrunkDefinition> trunks, CallHandler handler,
                          SecurityEventListener securityEvents) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trunks = new TrunkTable(trunks);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.securityEvents = Objects.requireNonNull(securityEvents, "securityEvents");
    }

    /**
     * Binds every listener and returns the running edge; on failure throws {@link SipEdgeStartException} (naming
     * the port in use or the unreadable certificate) with nothing left running.
     */
    public static SipEdge start(SipEdgeSettings settings, List<TrunkDefinition> trunks, CallHandler handler) {
        return start(settings, trunks, handler, SecurityEventListener.NONE);
    }

    /** As {@link #start(SipEdgeSettings, List, CallHandler)}, reporting security events to {@code events}. */
    public static SipEdge start(SipEdgeSettings settings, List<TrunkDefinition> trunks, CallHandler handler,
                                SecurityEventListener events) {
        SipEdgeServer edge = new SipEdgeServer(settings, trunks, handler, events);
        try {
            edge.listen();
        } catch (RuntimeException e) {
            edge.stop(); // the caller never holds a half-started edge, so nobody else could stop it
            throw e;
        }
        return edge;
    }

    private synchronized void listen() {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(settings.bindAddress());
        } catch (UnknownHostException e) {
            throw new SipEdgeStartException("bad SIP bind address " + settings.bindAddress(), e);
        }
        NettyPlatform platform = NettyPlatform.select(settings.preferEpoll());
        group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("sip-io"),
                platform.ioHandlerFactory());
        EventLoop core = (EventLoop) group.next();
        this.core = core;
        EventLoop udpLoop = (EventLoop) group.next(); // the next loop in turn: another thread when ioThreads > 1
        SipLimits l = settings.limits();
        SslContext serverTls;
        SslContext clientTls;
        try {
            serverTls = settings.tlsEnabled() ? SslContextBuilder.forServer(settings.tlsCertificate().toFile(),
                    settings.tlsPrivateKey().toFile()).sslProvider(SslProvider.JDK).build() : null;
            SslContextBuilder client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (settings.tlsTrust() != null) {
                client.trustManager(settings.tlsTrust().toFile()); // else the JDK's default authorities
            }
            clientTls = client.build();
        } catch (SSLException | IllegalArgumentException e) {
            shutdownGroup();
            throw new SipEdgeStartException("cannot load SIP TLS material (certificate " + settings.tlsCertificate()
                    + ", key " + settings.tlsPrivateKey() + ", trust " + settings.tlsTrust() + "): " + e.getMessage(), e);
        }
        transports = new SipTransports(bind, settings.sipPort(), settings.sipPort(), settings.tlsPort(), serverTls,
                clientTls,
                new TransportLimits(l.maxMessageBytes(), l.maxHeaderBytes(), l.maxBodyBytes(), l.maxHeaders(),
                        l.maxConnectionsPerSource(), l.connectionIdleTimeout().toMillis(),
                        l.firstRequestTimeout().toMillis(), l.maxConnections(), l.coreBacklogToShed(),
                        (int) l.shedRetryAfter().toSeconds()),
                platform, group, core, udpLoop, new InboundListener() {
                    @Override
                    public void onMessage(SipMessage message, SipFlow flow) {
                        onInbound(message, flow);
                    }

                    @Override
                    public void onMalformed(SipFlow flow, String method, String callId, String problem) {
                        InboundListener next = inbound;
                        if (next != null) {
                            next.onMalformed(flow, method, callId, problem);
                        }
                    }
                }, this::flowInUse);
        boolean reject403 = settings.unknownSource() == SipEdgeSettings.UnknownSourcePolicy.REJECT_403;
        // set before the first datagram: until the session layer exists no phone counts as registered
        transports.answerMalformed(new TrustedSources(trunks, ip -> {
            SessionLayer current = session;
            return current != null && current.registeredFrom(ip);
        }, reject403));
        SipTransports.BoundAddresses bound;
        try {
            bound = transports.start();
        } catch (TransportBindException e) {
            shutdownGroup();
            throw new SipEdgeStartException(e.getMessage(), e);
        }
        Map<TransportKind, Integer> ports = new EnumMap<>(TransportKind.class);
        ports.put(TransportKind.UDP, bound.udp().getPort());
        ports.put(TransportKind.TCP, bound.tcp().getPort());
        if (bound.tls() != null) {
            ports.put(TransportKind.TLS, bound.tls().getPort());
        }
        LocalAddresses local = new LocalAddresses(settings.publicAddress(), ports);
        EventLoopScheduler scheduler = new EventLoopScheduler(core);
        this.scheduler = scheduler;
        DigestServer digest;
        try {
            digest = digestServer(trunks, null);
        } catch (IllegalArgumentException e) {
            throw new SipEdgeStartException(e.getMessage(), e); // start() stops what is bound
        }
        this.digest = digest;
        SessionLayer s = new SessionLayer(trunks, handler, reject403, this::flowTo, local, core, settings.userAgent(),
                digest);
        SipTimers timers = new SipTimers(settings.t1().toMillis(), settings.t2().toMillis(), settings.t4().toMillis());
        TransactionLayer t = new TransactionLayer(scheduler, timers, transports, s, l.maxServerTransactions());
        s.attach(t);
        NettyDnsLookup lookup = new NettyDnsLookup(core, platform.datagramChannel(), settings.dns(), System::nanoTime);
        dns = lookup;
        s.locateWith(new SipServerLocator(lookup, local.transports(), java.util.random.RandomGenerator.getDefault()));
        s.setMaxCallDuration(l.maxCallDuration().toMillis());
        // events carry wall-clock time (the scheduler's clock is monotonic, not the epoch)
        SecurityLog log = new SecurityLog(System::currentTimeMillis, securityEvents);
        s.reportSecurityTo(log);
        UserBans bans = new UserBans(new UserBans.Policy(l.userAuthFailuresToBan(), l.userBanDuration().toMillis()),
                scheduler::nowMillis, log);
        s.banUsersWith(bans);
        userBans = bans;
        // the guard sees every request first, so sources no trunk accepts are counted, rate-limited and banned
        // too; the filter then drops them (DROP policy) or the session layer answers 403 (REJECT_403)
        SourceGuard[] self = new SourceGuard[1];
        InboundListener afterGuard = t;
        if (!reject403) {
            filter = new SourceFilter(trunks, t, log, ip -> self[0].refused(ip), s::servesFromAnywhere);
            afterGuard = filter;
        }
        SourceGuard g = new SourceGuard(trunks, new SourceGuard.Policy(l.sourceRequestsPerSecond(), l.sourceBurst(),
                l.authFailuresToBan(), l.banDuration().toMillis()), scheduler::nowMillis, afterGuard, log);
        self[0] = g;
        s.onAuthenticationFailure(g::authenticationFailed);
        guard = g;
        security = log;
        session = s;
        transactions = t;
        inbound = g;
        core.execute(s::startTrunkServices);
        LOG.info("SIP edge listening on udp {} tcp {} tls {} ({})", bound.udp(), bound.tcp(),
                bound.tls() == null ? "off" : bound.tls(), platform.epoll() ? "epoll" : "nio");
        addresses = new SipEdgeAddresses(bound.udp(), bound.tcp(), bound.tls());
    }

    /**
     * The digest server for the trunks' users: their one realm, and the configured algorithms every user has an
     * HA1 for (the instance keeps MD5 HA1 only, so SHA-256 is offered only to users given a SHA-256 HA1 too);
     * {@code inUse} again when it already serves that realm with those algorithms, so its nonces stay valid. Null
     * without digest users; IllegalArgumentException for users of several realms or without a common algorithm.
     */
    private DigestServer digestServer(TrunkTable table, DigestServer inUse) {
        String realm = table.digestRealm();
        if (realm == null) {
            return null;
        }
        List<DigestAlgorithm> algorithms = table.digestAlgorithmsAllUsersHave(settings.digestAlgorithms()).stream()
                .map(DigestAlgorithm::fromWireName).toList();
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("no digest algorithm of " + settings.digestAlgorithms()
                    + " has an HA1 for every inbound digest user");
        }
        if (inUse != null && inUse.realm().equals(realm) && inUse.algorithms().equals(algorithms)) {
            return inUse;
        }
        return new DigestServer(realm, new NonceService(scheduler::nowMillis, NONCE_LIFETIME_MILLIS), algorithms);
    }

    @Override
    public void setTrunks(List<TrunkDefinition> definitions) {
        SessionLayer s = session;
        EventLoop loop = core;
        if (s == null || loop == null) {
            throw new IllegalStateException("SIP edge not started");
        }
        List<TrunkDefinition> copy = List.copyOf(definitions);
        // refused here, before anything changes: a bad set leaves the running trunks as they are
        digestServer(new TrunkTable(copy), null);
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            TrunkTable.Changes changes = trunks.replace(copy);
            if (!changes.any()) {
                return;
            }
            digest = digestServer(trunks, digest);
            s.trunksChanged(changes, digest);
            LOG.info("trunks reloaded: added {}, changed {}, removed {}; calls in progress keep their trunk",
                    changes.added(), changes.changed(), changes.removed());
        }, loop).join();
    }

    @Override
    public void setPhoneUsers(Map<String, DigestSecret> users) {
        SessionLayer s = session;
        EventLoop loop = core;
        if (s == null || loop == null) {
            throw new IllegalStateException("SIP edge not started");
        }
        Map<String, DigestSecret> copy = Map.copyOf(users);
        java.util.concurrent.CompletableFuture.runAsync(() -> s.setPhoneUsers(copy, settings.digestAlgorithms()), loop)
                .join();
    }

    @Override
    public Map<String, List<String>> registrations() {
        SessionLayer s = session;
        return s == null ? Map.of() : s.registrations();
    }

    @Override
    public SipEdgeAddresses addresses() {
        return addresses;
    }

    private void onInbound(SipMessage message, SipFlow flow) {
        InboundListener next = inbound;
        if (next != null) {
            next.onMessage(message, flow); // until start() finishes wiring, peers' retransmissions cover the gap
        }
    }

    /** Core loop: an idle connection is kept while a transaction or a call's dialog uses it. */
    private boolean flowInUse(SipFlow flow) {
        TransactionLayer t = transactions;
        SessionLayer s = session;
        return t == null || s == null || t.usesFlow(flow) || s.usesFlow(flow);
    }

    private SipFlow flowTo(SipTarget target) {
        return transports.flowTo(new InetSocketAddress(target.host(), target.port()), target.transport());
    }

    @Override
    public CallLeg dial(String trunk, String number, String callerId, String callerName, String sdpOffer,
                        CallLegListener listener) {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(sdpOffer, "sdpOffer");
        SessionLayer s = session;
        if (s == null) {
            throw new IllegalStateException("SIP edge not started");
        }
        return s.dial(trunk, number, callerId, callerName, sdpOffer, listener);
    }

    @Override
    public CallLeg ringPhone(String username, String callerId, String callerName, String sdpOffer,
                             CallLegListener listener) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(sdpOffer, "sdpOffer");
        SessionLayer s = session;
        if (s == null) {
            throw new IllegalStateException("SIP edge not started");
        }
        return s.ringPhone(username, callerId, callerName, sdpOffer, listener);
    }

    @Override
    public Map<String, Long> metrics() {
        Map<String, Long> m = new TreeMap<>();
        SipTransports tr;
        synchronized (this) {
            tr = transports;
        }
        if (tr != null) {
            m.putAll(tr.counters().snapshot());
            m.put("tcp_connections_refused_total", tr.refusedConnections());
            m.put("tcp_connections_open", (long) tr.openConnections());
        }
        TransactionLayer t = transactions;
        if (t != null) {
            m.putAll(t.counters().snapshot());
        }
        SessionLayer s = session;
        if (s != null) {
            m.putAll(s.counters().snapshot());
            m.putAll(s.registrationSnapshot());
            m.put("phone_bindings", s.registrations().values().stream().mapToLong(List::size).sum());
        }
        SourceGuard g = guard;
        if (g != null) {
            m.putAll(g.snapshot());
        }
        UserBans u = userBans;
        if (u != null) {
            m.putAll(u.snapshot());
        }
        SourceFilter f = filter;
        m.put("unknown_source_dropped_total", f == null ? 0 : f.dropped());
        m.putAll(trunks.snapshot());
        SecurityLog log = security;
        if (log != null) {
            m.putAll(log.snapshot());
        }
        return m;
    }

    @Override
    public synchronized void stop() {
        if (group == null) {
            return;
        }
        SessionLayer s = session;
        if (s != null) {
            s.stopTrunkServices(); // races with a tick at worst: the loop is shutting down next
        }
        if (transports != null) {
            transports.close();
        }
        inbound = null;
        session = null;
        NettyDnsLookup lookup = dns;
        if (lookup != null) {
            core.execute(lookup::close); // the resolver's channel belongs to the core loop
        }
        shutdownGroup();
        LOG.info("SIP edge stopped");
    }

    private void shutdownGroup() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
    }
}

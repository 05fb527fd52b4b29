package io.switchboard.sip.api;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.sip.codec.SipMessage;
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
import io.switchboard.sip.trunk.TrunkTable;
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
 * The SIP edge: listens on UDP and TCP, accepts calls from the configured trunks and hands each to the
 * {@link CallHandler} as a {@link CallLeg}. Start once, stop once. Ownership: the edge owns the Netty
 * group; the first loop of the group is the SIP core that owns every transaction, dialog and leg.
 */
public final class SipEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipEdge.class);
    /** How long a digest nonce stays fresh before a client is asked again with stale=true. */
    private static final long NONCE_LIFETIME_MILLIS = 300_000;

    private final SipEdgeSettings settings;
    private final TrunkTable trunks;
    private final CallHandler handler;
    /** Guarded by this. */
    private EventLoopGroup group;
    private SipTransports transports;
    private volatile TransactionLayer transactions;
    private volatile SessionLayer session;
    private volatile SourceFilter filter;
    private volatile SourceGuard guard;
    private volatile InboundListener inbound;

    public SipEdge(SipEdgeSettings settings, List<TrunkDefinition> trunks, CallHandler handler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trunks = new TrunkTable(trunks);
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Binds every listener and returns the bound addresses; throws {@link SipEdgeStartException} on failure. */
    public synchronized SipEdgeAddresses start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
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
                        l.maxConnectionsPerSource(), l.connectionIdleTimeout().toMillis()),
                platform, group, core, udpLoop, this::onInbound, this::flowInUse);
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
        boolean reject403 = settings.unknownSource() == SipEdgeSettings.UnknownSourcePolicy.REJECT_403;
        EventLoopScheduler scheduler = new EventLoopScheduler(core);
        DigestServer digest = new DigestServer(settings.publicAddress(),
                new NonceService(scheduler::nowMillis, NONCE_LIFETIME_MILLIS),
                settings.digestAlgorithms().stream().map(DigestAlgorithm::fromWireName).toList());
        SessionLayer s = new SessionLayer(trunks, handler, reject403, this::flowTo, local, core, settings.userAgent(),
                digest);
        SipTimers timers = new SipTimers(settings.t1().toMillis(), settings.t2().toMillis(), settings.t4().toMillis());
        TransactionLayer t = new TransactionLayer(scheduler, timers, transports, s, l.maxServerTransactions());
        s.attach(t);
        s.setMaxCallDuration(l.maxCallDuration().toMillis());
        SourceGuard g = new SourceGuard(trunks, new SourceGuard.Policy(l.sourceRequestsPerSecond(), l.sourceBurst(),
                l.authFailuresToBan(), l.banDuration().toMillis()), scheduler::nowMillis, t);
        s.onAuthenticationFailure(g::authenticationFailed);
        guard = g;
        session = s;
        transactions = t;
        if (reject403) {
            inbound = g;
        } else {
            filter = new SourceFilter(trunks, g);
            inbound = filter;
        }
        core.execute(s::startTrunkServices);
        LOG.info("SIP edge listening on udp {} tcp {} tls {} ({})", bound.udp(), bound.tcp(),
                bound.tls() == null ? "off" : bound.tls(), platform.epoll() ? "epoll" : "nio");
        return new SipEdgeAddresses(bound.udp(), bound.tcp(), bound.tls());
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

    /**
     * Places a call through a trunk: INVITE to the trunk's first destination with {@code sdpOffer}, caller ID
     * in From and P-Asserted-Identity. Returns at once; {@code listener} (set before anything can happen) gets
     * trying, ringing, early media, answered or failed, then ended. Throws IllegalArgumentException for an
     * unknown trunk and IllegalStateException when the edge is not running.
     */
    public CallLeg dial(String trunk, String number, String callerId, String sdpOffer, CallLegListener listener) {
        return dial(trunk, number, callerId, null, sdpOffer, listener);
    }

    /**
     * As {@link #dial(String, String, String, String, CallLegListener)}, presenting {@code callerName} (null for
     * none) as the display name of From and P-Asserted-Identity.
     */
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

    /** Counters and gauges for /metrics, names without a prefix, labels inline ("requests_total{method=\"BYE\"}"). */
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
        }
        SourceGuard g = guard;
        if (g != null) {
            m.putAll(g.snapshot());
        }
        SourceFilter f = filter;
        m.put("unknown_source_dropped_total", f == null ? 0 : f.dropped());
        m.putAll(trunks.snapshot());
        return m;
    }

    /** Stops listening and ends the event loops; live calls are dropped without BYE. */
    public synchronized void stop() {
        if (group == null) {
            return;
        }
        SessionLayer s = session;
        if (s != null) {
            s.stopTrunkServices(); // races with a tick at worst: the loop is shutting down next
        }
        transports.close();
        inbound = null;
        session = null;
        shutdownGroup();
        LOG.info("SIP edge stopped");
    }

    private void shutdownGroup() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
    }

    @Override
    public void close() {
        stop();
    }
}

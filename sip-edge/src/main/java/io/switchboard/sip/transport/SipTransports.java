package io.switchboard.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipParser;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's sockets: one UDP socket on its own I/O loop (parsing there, so the core loop that owns the
 * transactions spends its time on SIP logic: a second core doubles the call rate), a TCP listener (and optionally TLS) whose
 * connections live on the I/O group, and outbound connections made on demand. Routes responses per
 * RFC 3261 section 18.2.2 with RFC 3581 rport.
 */
public final class SipTransports implements ResponseRouter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipTransports.class);

    private final InetAddress bind;
    private final int udpPort;
    private final int tcpPort;
    private final int tlsPort;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final TransportLimits limits;
    private final NettyPlatform platform;
    private final EventLoopGroup io;
    private final EventLoop core;
    private final EventLoop udpLoop;
    private final TrafficCounters counters = new TrafficCounters();
    private final StreamConnections connections = new StreamConnections(counters);
    private final InboundDispatcher dispatcher;
    private final List<Channel> listeners = new ArrayList<>();
    private final ConnectionLimiter connectionLimiter;
    private final IdleConnections idle;
    private Channel udp;

    /**
     * @param tlsPort 0 for no TLS listener; {@code serverTls} must then be null
     * @param core    the loop that owns transactions and dialogs; inbound messages are handed to it
     * @param udpLoop the loop that owns the UDP socket (may be {@code core} on a single-threaded group)
     * @param usage   asked on {@code core} whether an idle accepted connection still carries a transaction or dialog
     */
    public SipTransports(InetAddress bind, int udpPort, int tcpPort, int tlsPort, SslContext serverTls,
                         SslContext clientTls, TransportLimits limits, NettyPlatform platform, EventLoopGroup io,
                         EventLoop core, EventLoop udpLoop, InboundListener listener, FlowUsage usage) {
        this.bind = bind;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        this.limits = limits;
        this.platform = platform;
        this.io = io;
        this.core = core;
        this.udpLoop = udpLoop;
        this.connectionLimiter = new ConnectionLimiter(limits.maxConnectionsPerSource(), limits.maxConnections());
        this.idle = new IdleConnections(limits.idleTimeoutMillis(), core, usage, counters);
        this.dispatcher = new InboundDispatcher(new SipParser(limits.maxHeaders(),
                limits.maxHeaderBytes(), limits.maxBodyBytes()), core, listener, counters, this,
                new LoadShedder(LoadShedder.backlogOf(core), limits.coreBacklogToShed(), limits.shedRetryAfterSeconds()));
    }

    /**
     * Which sources get the verdict (400, 505 or 513) of a request the parser refused; the others get nothing.
     * Every source until this is called.
     */
    public void answerMalformed(MalformedAnswering policy) {
        dispatcher.answerMalformed(policy);
    }

    /** Binds every listener; throws {@link TransportBindException} naming the port when one is taken. */
    public BoundAddresses start() {
        try {
            udp = bindUdp();
            listeners.add(udp);
            Channel tcp = bindStream(tcpPort, TransportKind.TCP, null);
            listeners.add(tcp);
            Channel tls = null;
            if (serverTls != null) {
                tls = bindStream(tlsPort, TransportKind.TLS, serverTls);
                listeners.add(tls);
            }
            return new BoundAddresses((InetSocketAddress) udp.localAddress(), (InetSocketAddress) tcp.localAddress(),
                    tls == null ? null : (InetSocketAddress) tls.localAddress());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Channel bindUdp() {
        Bootstrap b = new Bootstrap()
                .group(udpLoop)
                .channel(platform.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // Netty's default 2 KiB datagram buffer would truncate INVITEs with large SDP bodies
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(limits.maxMessageBytes() + 1))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        onDatagram(ctx.channel(), packet);
                    }
                });
        return await(b.bind(new InetSocketAddress(bind, udpPort)), "UDP", udpPort);
    }

    private void onDatagram(Channel channel, DatagramPacket packet) {
        int length = packet.content().readableBytes();
        if (length > limits.maxMessageBytes()) {
            counters.oversized.increment();
            counters.dropped.increment();
            dispatcher.refusedUnread(new UdpFlow(channel, packet.sender(), counters),
                    "datagram of " + length + " bytes over the limit of " + limits.maxMessageBytes());
            return;
        }
        byte[] frame = new byte[length];
        packet.content().getBytes(packet.content().readerIndex(), frame);
        dispatcher.dispatch(frame, length, new UdpFlow(channel, packet.sender(), counters));
    }

    private Channel bindStream(int port, TransportKind kind, SslContext tls) {
        ServerBootstrap b = new ServerBootstrap()
                .group(io)
                .channel(platform.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(streamInitializer(kind, tls, null));
        return await(b.bind(new InetSocketAddress(bind, port)), kind.name(), port);
    }

    /** @param peer the destination of an outbound connection (its name is verified, RFC 5922), null when accepted */
    private ChannelInitializer<SocketChannel> streamInitializer(TransportKind kind, SslContext tls,
                                                                InetSocketAddress peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (peer == null) {
                    ch.pipeline().addLast("limit", connectionLimiter);
                    if (idle.enabled()) {
                        ch.pipeline().addLast("idle", idle.newDetector());
                    }
                }
                if (tls != null) {
                    ch.pipeline().addLast("tls", peer == null ? tls.newHandler(ch.alloc())
                            : tls.newHandler(ch.alloc(), peer.getHostString(), peer.getPort()));
                }
                ch.pipeline().addLast("framer", new SipStreamDecoder(limits, counters));
                ch.pipeline().addLast("sip", new StreamInboundHandler(connections, dispatcher, kind,
                        peer == null && idle.enabled() ? idle : null, peer == null ? limits.firstRequestMillis() : 0,
                        counters));
            }
        };
    }

    private static Channel await(ChannelFuture future, String what, int port) {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")) {
                throw new TransportBindException("SIP " + what + " port " + port + " is already in use", cause);
            }
            throw new TransportBindException("cannot bind SIP " + what + " port " + port + ": " + cause, cause);
        }
        return future.channel();
    }

    /**
     * RFC 3261 section 18.2.2: on a reliable transport, the connection the request came on (if still open);
     * otherwise the Via's received address, at rport when the client asked for it (RFC 3581 section 4), else
     * at the Via port (default 5060).
     */
    @Override
    public SipFlow responseFlow(SipMessage response, SipFlow requestFlow) {
        if (requestFlow.kind().reliable()) {
            if (requestFlow.isOpen()) {
                return requestFlow;
            }
            counters.sendFailures.increment();
            LOG.debug("connection to {} closed before response {} {}", requestFlow.remote(),
                    response.statusCode(), response.callId());
            return null;
        }
        String host = response.viaReceived() != null ? response.viaReceived() : response.viaHost();
        int port = response.viaRport() > 0 ? response.viaRport()
                : response.viaPort() > 0 ? response.viaPort() : 5060;
        if (requestFlow.remote().getAddress().getHostAddress().equals(host) && requestFlow.remote().getPort() == port) {
            return requestFlow;
        }
        return new UdpFlow(udp, new InetSocketAddress(host, port), counters);
    }

    /** The flow for a request to {@code destination}: the UDP socket, or an open or new connection. */
    public SipFlow flowTo(InetSocketAddress destination, TransportKind kind) {
        if (kind == TransportKind.UDP) {
            return new UdpFlow(udp, destination, counters);
        }
        StreamFlow existing = connections.get(destination);
        if (existing != null && existing.isOpen() && existing.kind() == kind) {
            return existing;
        }
        if (kind == TransportKind.TLS && clientTls == null) {
            throw new IllegalStateException("no TLS client context configured");
        }
        Bootstrap b = new Bootstrap()
                .group(io)
                .channel(platform.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(streamInitializer(kind, kind == TransportKind.TLS ? clientTls : null, destination));
        StreamFlow flow = new StreamFlow(b.connect(destination), kind, destination, counters);
        connections.put(destination, flow);
        return flow;
    }

    public TrafficCounters counters() {
        return counters;
    }

    /** Accepted connections closed at once because their source had too many open. */
    public long refusedConnections() {
        return connectionLimiter.refused.sum();
    }

    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly();
        }
        listeners.clear();
    }

    /** The addresses actually bound (ephemeral ports resolved); {@code tls} is null without TLS. */
    public record BoundAddresses(InetSocketAddress udp, InetSocketAddress tcp, InetSocketAddress tls) {
    }
}

package io.switchboard.turn.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.ClientPath;
import io.switchboard.turn.allocation.RelayEndpoint;
import io.switchboard.turn.server.RelayOpener;
import io.switchboard.turn.server.TurnDispatcher;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds TURN's listeners and relay sockets, all on one event loop (the TURN loop), so the dispatcher and
 * every allocation are touched by that thread only. A TCP or TLS connection's allocation ends when it closes;
 * a connection that stays silent for longer than an allocation can live is closed.
 */
public final class TurnTransports implements RelayOpener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnTransports.class);
    /** Large enough for any datagram a client can send over a 1500-byte path, and jumbo frames. */
    private static final int MAX_DATAGRAM = 9216;
    private static final int IDLE_SECONDS = 3700;

    private final TurnNetty netty = TurnNetty.select();
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("turn"),
            netty.ioHandlerFactory());
    private final InetSocketAddress bind;
    private TurnDispatcher dispatcher;
    private Channel udp;
    private Channel tcp;
    private Channel tls;

    public TurnTransports(InetSocketAddress bindAddress) {
        this.bind = bindAddress;
    }

    /** The TURN loop, on which the dispatcher must be built and run. */
    public EventLoopGroup loop() {
        return loop;
    }

    /** Binds UDP and TCP on {@code port} and TLS on {@code tlsPort} when {@code tlsContext} is given. */
    public void listen(TurnDispatcher turn, int port, int tlsPort, SslContext tlsContext) {
        this.dispatcher = turn;
        udp = await(new Bootstrap().group(loop).channelFactory(netty.datagramChannel(bind.getAddress()))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new UdpListener()).bind(new InetSocketAddress(bind.getAddress(), port)), "UDP", port);
        int tcpPort = port == 0 ? ((InetSocketAddress) udp.localAddress()).getPort() : port;
        tcp = await(stream(null).bind(new InetSocketAddress(bind.getAddress(), tcpPort)), "TCP", tcpPort);
        if (tlsContext != null) {
            tls = await(stream(tlsContext).bind(new InetSocketAddress(bind.getAddress(), tlsPort)), "TLS", tlsPort);
        }
        loop.scheduleAtFixedRate(dispatcher::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info("TURN listening on udp {} tcp {} tls {} ({})", udp.localAddress(), tcp.localAddress(),
                tls == null ? "off" : tls.localAddress(), netty.epoll() ? "epoll" : "nio");
    }

    public InetSocketAddress udpAddress() {
        return (InetSocketAddress) udp.localAddress();
    }

    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcp.localAddress();
    }

    /** The TLS listener's address, or null when TURNS is not served. */
    public InetSocketAddress tlsAddress() {
        return tls == null ? null : (InetSocketAddress) tls.localAddress();
    }

    private ServerBootstrap stream(SslContext tlsContext) {
        return new ServerBootstrap().group(loop).channel(netty.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tlsContext != null) {
                            ch.pipeline().addLast("tls", tlsContext.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
                        ch.pipeline().addLast("framer", new StreamFramer());
                        ch.pipeline().addLast("turn", new StreamConnection(new StreamClientPath(ch)));
                    }
                });
    }

    @Override
    public void open(Allocation allocation, int port, BiConsumer<RelayEndpoint, Throwable> done) {
        ChannelFuture f = new Bootstrap().group(loop).channelFactory(netty.datagramChannel(bind.getAddress()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new RelaySocket(allocation)).bind(new InetSocketAddress(bind.getAddress(), port));
        f.addListener(result -> {
            if (result.isSuccess()) {
                Channel ch = f.channel();
                done.accept(new RelayEndpoint() {
                    @Override
                    public void sendToPeer(ByteBuf payload, InetSocketAddress peer) {
                        ch.writeAndFlush(new DatagramPacket(payload, peer), ch.voidPromise());
                    }

                    @Override
                    public void close() {
                        ch.close();
                    }
                }, null);
            } else {
                done.accept(null, result.cause());
            }
        });
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            loop.submit(dispatcher::close).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        for (Channel c : new Channel[] {udp, tcp, tls}) {
            if (c != null) {
                c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static Channel await(ChannelFuture f, String what, int port) {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot bind TURN " + what + " port " + port + ": "
                    + f.cause().getMessage(), f.cause());
        }
        return f.channel();
    }

    /** Datagrams on the TURN port: the sender's address is the 5-tuple key. */
    private final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
        private Function<Object, ClientPath> paths;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            BatchedFlush listener = new BatchedFlush(ctx.channel());
            paths = sender -> new UdpClientPath(listener, (InetSocketAddress) sender);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (paths == null) {
                channelActive(ctx);
            }
            dispatcher.fromClient(packet.content(), packet.sender(), paths);
        }
    }

    /** One TCP or TLS connection: the connection is the 5-tuple key, and its allocation ends with it. */
    private final class StreamConnection extends SimpleChannelInboundHandler<ByteBuf> {
        private final StreamClientPath path;
        private final Function<Object, ClientPath> paths;

        StreamConnection(StreamClientPath path) {
            this.path = path;
            this.paths = key -> path;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            dispatcher.fromClient(frame, path.connection(), paths);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            dispatcher.connectionClosed(path.connection());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.info("TURN connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** An allocation's relay socket: datagrams from peers. */
    private final class RelaySocket extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Allocation allocation;

        RelaySocket(Allocation allocation) {
            this.allocation = allocation;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            dispatcher.fromPeer(allocation, packet.content(), packet.sender());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            dispatcher.relayClosed(allocation);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("TURN relay socket {}: {}", ctx.channel().localAddress(), cause.toString());
        }
    }
}

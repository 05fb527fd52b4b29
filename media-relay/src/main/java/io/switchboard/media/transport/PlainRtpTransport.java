package io.switchboard.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.media.codec.PacketKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP and RTCP as they are, on UDP: the RTP socket on an even port and, unless RTCP is muxed (RFC 5761), an
 * RTCP socket on the next port (RFC 3550 section 11).
 *
 * <p>Once the path's latch has settled, the RTP socket is connected to the peer ({@link #pin}). The kernel
 * then sends without a route lookup per packet and refuses every other source before it costs us a system
 * call (refused datagrams show in the kernel's UDP NoPorts counter, no longer in the endpoint's statistics);
 * a new remote description disconnects it so the latch can start over. Sends to any other destination go
 * unconnected in a pooled envelope, so the send allocates no DatagramPacket. Loop-confined.
 */
public final class PlainRtpTransport implements MediaTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PlainRtpTransport.class);
    /** Enough for any RTP datagram we accept (G.711 at ptime 20 is 172 bytes; jumbo prompts stay below). */
    private static final int MAX_DATAGRAM = 2048;
    private static final int SOCKET_BUFFER = 256 * 1024;

    private final String owner;
    private final ArrayDeque<PooledEnvelope> envelopes = new ArrayDeque<>();
    private Channel rtpChannel;
    private Channel rtcpChannel;
    private InetSocketAddress localAddress;
    /** One per socket; each holds the receiver itself, so a datagram reads no more than its handler. */
    private final DatagramHandler rtpHandler = new DatagramHandler(false);
    private final DatagramHandler rtcpHandler = new DatagramHandler(true);
    /** Where unconnected sends go: the RTP socket, or a test's sink when measuring our own path. */
    private Consumer<AddressedEnvelope<ByteBuf, InetSocketAddress>> wire;
    /** The peer the RTP socket is connected to, or null while unconnected (and while detached). */
    private InetSocketAddress connectedPeer;
    /**
     * While the endpoint moves to another loop: the sockets are registered nowhere, the wire drops what is
     * sent (the connected fast path is off, so the packet path itself is unchanged), and pinning is noted
     * for when they are registered again.
     */
    private boolean detached;
    private Consumer<AddressedEnvelope<ByteBuf, InetSocketAddress>> wireWhileAttached;
    private InetSocketAddress peerAtDetach;
    private InetSocketAddress peerAfterAttach;

    private PlainRtpTransport(String owner) {
        this.owner = owner;
    }

    /**
     * Binds the RTP socket on {@code port} and, when {@code withRtcpPort}, the RTCP socket on {@code port + 1},
     * on {@code loop}; completes there. On failure nothing stays bound and the port is the caller's again.
     *
     * @param owner the endpoint's id, for the log
     */
    public static CompletableFuture<PlainRtpTransport> bind(String owner, EventLoop loop,
            Class<? extends DatagramChannel> channelClass, InetAddress address, int port, boolean withRtcpPort) {
        PlainRtpTransport transport = new PlainRtpTransport(owner);
        CompletableFuture<PlainRtpTransport> result = new CompletableFuture<>();
        transport.bind(loop, channelClass, address, port, false).addListener((ChannelFuture rtp) -> {
            if (!rtp.isSuccess()) {
                result.completeExceptionally(rtp.cause());
                return;
            }
            if (!withRtcpPort) {
                transport.attach(rtp.channel(), null);
                result.complete(transport);
                return;
            }
            transport.bind(loop, channelClass, address, port + 1, true).addListener((ChannelFuture rtcp) -> {
                if (!rtcp.isSuccess()) {
                    rtp.channel().close().addListener(f -> result.completeExceptionally(rtcp.cause()));
                    return;
                }
                transport.attach(rtp.channel(), rtcp.channel());
                result.complete(transport);
            });
        });
        return result;
    }

    private ChannelFuture bind(EventLoop loop, Class<? extends DatagramChannel> channelClass, InetAddress address,
            int port, boolean rtcp) {
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                // stays active when the endpoint disconnects its socket from a peer (Netty's epoll datagram
                // channel otherwise counts a disconnected socket as inactive and refuses to write)
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(rtcp ? rtcpHandler : rtpHandler)
                .bind(address, port);
    }

    private void attach(Channel rtp, Channel rtcp) {
        this.rtpChannel = rtp;
        this.rtcpChannel = rtcp;
        this.localAddress = (InetSocketAddress) rtp.localAddress();
        this.wire = envelope -> rtp.writeAndFlush(envelope, rtp.voidPromise());
    }

    @Override
    public void deliverTo(DatagramReceiver receiver) {
        rtpHandler.receiver = receiver;
        rtcpHandler.receiver = receiver;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public ByteBufAllocator alloc() {
        return rtpChannel.alloc();
    }

    @Override
    public void send(ByteBuf packet, InetSocketAddress destination) {
        // the path sends to the very address object it pinned: the identity check spares reading its fields
        if (destination == connectedPeer || destination.equals(connectedPeer)) {
            rtpChannel.writeAndFlush(packet, rtpChannel.voidPromise());
        } else {
            wire.accept(PooledEnvelope.acquire(envelopes, packet, destination, null));
        }
    }

    @Override
    public void sendControl(ByteBuf packet, InetSocketAddress rtpDestination, boolean muxed, int remoteRtcpPort) {
        if (detached) {
            packet.release();
            return;
        }
        if (muxed || rtcpChannel == null) {
            rtpChannel.writeAndFlush(new DatagramPacket(packet, rtpDestination), rtpChannel.voidPromise());
        } else {
            InetSocketAddress to = new InetSocketAddress(rtpDestination.getAddress(), remoteRtcpPort);
            rtcpChannel.writeAndFlush(new DatagramPacket(packet, to), rtcpChannel.voidPromise());
        }
    }

    @Override
    public void pin(InetSocketAddress peer) {
        if (detached) {
            peerAfterAttach = peer;
            return;
        }
        connectedPeer = peer;
        rtpChannel.connect(peer).addListener(f -> {
            if (!f.isSuccess() && peer.equals(connectedPeer)) {
                connectedPeer = null; // not retried: the receive path pins once per settled source
                LOG.debug("endpoint {}: could not connect the RTP socket to {}; sending unconnected", owner, peer,
                        f.cause());
            }
        });
    }

    @Override
    public void unpin() {
        if (detached) {
            peerAfterAttach = null;
            return;
        }
        if (connectedPeer != null) {
            connectedPeer = null;
            rtpChannel.disconnect();
        }
    }

    /** Plain RTP speaks neither STUN nor DTLS. */
    @Override
    public boolean offerHandshake(PacketKind kind, ByteBuf datagram, InetSocketAddress sender) {
        return false;
    }

    /** Deregisters the sockets from their loop (Netty keeps an open channel across loops); on the old loop. */
    @Override
    public void detach(Runnable done) {
        detached = true;
        peerAtDetach = connectedPeer;
        peerAfterAttach = connectedPeer;
        connectedPeer = null;
        wireWhileAttached = wire;
        wire = ReferenceCountUtil::release;
        Channel rtcp = rtcpChannel;
        rtpChannel.deregister().addListener(f -> {
            if (rtcp == null) {
                done.run();
            } else {
                rtcp.deregister().addListener(g -> done.run());
            }
        });
    }

    /** Registers the sockets on {@code target} and restores the send path and the pinned peer; on target. */
    @Override
    public void attach(EventLoop target, Runnable done) {
        Channel rtcp = rtcpChannel;
        target.register(rtpChannel).addListener((ChannelFuture f) -> {
            if (rtcp == null) {
                attached(f, done);
            } else {
                target.register(rtcp).addListener((ChannelFuture g) -> attached(f.isSuccess() ? g : f, done));
            }
        });
    }

    private void attached(ChannelFuture registration, Runnable done) {
        if (!registration.isSuccess()) {
            LOG.warn("endpoint {}: socket could not join its new loop; it stays silent", owner, registration.cause());
            done.run();
            return;
        }
        detached = false;
        wire = wireWhileAttached;
        if (peerAfterAttach == peerAtDetach) {
            connectedPeer = peerAtDetach; // the kernel socket stayed connected all along
        } else {
            if (peerAtDetach != null) {
                rtpChannel.disconnect();
            }
            if (peerAfterAttach != null) {
                pin(peerAfterAttach);
            }
        }
        done.run();
    }

    @Override
    public void close(Runnable afterClose) {
        Channel rtcp = rtcpChannel;
        rtpChannel.close().addListener(f -> {
            if (rtcp != null) {
                rtcp.close().addListener(g -> afterClose.run());
            } else {
                afterClose.run();
            }
        });
    }

    /** Replaces the unconnected socket write, so a test can measure the relay path without Netty's native send. */
    public void wireForTest(Consumer<AddressedEnvelope<ByteBuf, InetSocketAddress>> testWire) {
        this.wire = testWire;
        this.wireWhileAttached = testWire;
    }

    /** Hands datagrams to the receive path; a socket error never reaches it. */
    private final class DatagramHandler extends ChannelInboundHandlerAdapter {
        private final boolean rtcp;
        private DatagramReceiver receiver;

        DatagramHandler(boolean rtcp) {
            this.rtcp = rtcp;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramReceiver r = receiver;
            if (!(msg instanceof DatagramPacket packet) || r == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            r.receive(packet.content(), packet.sender(), rtcp, System.nanoTime());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here; the peer may come back
            LOG.debug("endpoint {}: socket error", owner, cause);
        }
    }
}

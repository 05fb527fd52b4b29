package io.switchboard.media.endpoint;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.switchboard.media.api.MediaRelaySettings;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates endpoints: takes a port pair from the allocator, binds RTP (and RTCP on the next port unless
 * muxed) on the call's loop, and retries with another pair when a port is taken by another process.
 */
public final class EndpointFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFactory.class);
    private static final int BIND_ATTEMPTS = 16;
    /** Enough for any RTP datagram we accept (G.711 at ptime 20 is 172 bytes; jumbo prompts stay below). */
    private static final int MAX_DATAGRAM = 2048;
    private static final int SOCKET_BUFFER = 256 * 1024;

    private final MediaLoops loops;
    private final RtpPortAllocator ports;
    private final InetAddress bindAddress;
    private final MediaRelaySettings settings;

    public EndpointFactory(MediaLoops loops, RtpPortAllocator ports, MediaRelaySettings settings) {
        this.loops = loops;
        this.ports = ports;
        this.bindAddress = settings.bindAddress();
        this.settings = settings;
    }

    public MediaLoops loops() {
        return loops;
    }

    public RtpPortAllocator ports() {
        return ports;
    }

    /**
     * Binds a new endpoint on the loop of {@code callKey}.
     *
     * @param withRtcpPort false when RTCP is muxed (RFC 5761) and the odd port needs no socket
     */
    public CompletableFuture<RtpEndpoint> create(String id, String callKey, boolean withRtcpPort,
            EndpointListener listener) {
        CompletableFuture<RtpEndpoint> result = new CompletableFuture<>();
        EventLoop loop = loops.loopFor(callKey);
        attempt(id, loop, withRtcpPort, listener, result, 0, null);
        return result;
    }

    private void attempt(String id, EventLoop loop, boolean withRtcp, EndpointListener listener,
            CompletableFuture<RtpEndpoint> result, int attempt, Throwable lastError) {
        if (attempt >= BIND_ATTEMPTS) {
            result.completeExceptionally(new IllegalStateException(
                    "could not bind an RTP port pair after " + BIND_ATTEMPTS + " attempts", lastError));
            return;
        }
        int port = ports.allocate();
        if (port < 0) {
            result.completeExceptionally(new IllegalStateException("RTP port range "
                    + settings.rtpPortMin() + "-" + settings.rtpPortMax() + " is exhausted"));
            return;
        }
        RtpEndpoint endpoint = new RtpEndpoint(id, loop, loops.housekeeping(loop), port, listener,
                settings.mediaTimeout().toNanos(), settings.heldMediaTimeout().toNanos(), settings.natLatchWindow().toNanos(),
                ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL);
        bind(loop, endpoint, port, false).addListener((ChannelFuture rtp) -> {
            if (!rtp.isSuccess()) {
                ports.release(port);
                LOG.debug("RTP port {} unavailable, trying another", port, rtp.cause());
                attempt(id, loop, withRtcp, listener, result, attempt + 1, rtp.cause());
                return;
            }
            if (!withRtcp) {
                endpoint.attach(rtp.channel(), null);
                result.complete(endpoint);
                return;
            }
            bind(loop, endpoint, port + 1, true).addListener((ChannelFuture rtcp) -> {
                if (!rtcp.isSuccess()) {
                    rtp.channel().close().addListener(f -> {
                        ports.release(port);
                        attempt(id, loop, withRtcp, listener, result, attempt + 1, rtcp.cause());
                    });
                    return;
                }
                endpoint.attach(rtp.channel(), rtcp.channel());
                result.complete(endpoint);
            });
        });
    }

    private ChannelFuture bind(EventLoop loop, RtpEndpoint endpoint, int port, boolean rtcp) {
        return new Bootstrap()
                .group(loop)
                .channel(loops.channelClass())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                // stays active when the endpoint disconnects its socket from a peer (Netty's epoll datagram
                // channel otherwise counts a disconnected socket as inactive and refuses to write)
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(endpoint.handler(rtcp))
                .bind(bindAddress, port);
    }

    /** Closes {@code endpoint} on its loop and returns its ports. Safe from any thread. */
    public CompletableFuture<Void> destroy(RtpEndpoint endpoint) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        endpoint.loop().execute(() -> {
            if (endpoint.isClosed()) {
                done.complete(null);
                return;
            }
            endpoint.close(() -> {
                ports.release(endpoint.port());
                done.complete(null);
            });
        });
        return done;
    }
}

package io.switchboard.media.endpoint;

import io.netty.channel.EventLoop;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.pipeline.SourceDropTally;
import io.switchboard.media.transport.MediaTransport;
import io.switchboard.media.transport.PlainRtpTransport;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates endpoints: takes a port pair from the allocator, binds a {@link PlainRtpTransport} on it (RTP,
 * and RTCP on the next port unless muxed) on the call's loop, and retries with another pair when a port is
 * taken by another process.
 */
public final class EndpointFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFactory.class);
    private static final int BIND_ATTEMPTS = 16;

    private final MediaLoops loops;
    private final RtpPortAllocator ports;
    private final InetAddress bindAddress;
    private final MediaRelaySettings settings;
    private final SourceDropTally sourceDrops = new SourceDropTally();

    public EndpointFactory(MediaLoops loops, RtpPortAllocator ports, MediaRelaySettings settings) {
        this.loops = loops;
        this.ports = ports;
        this.bindAddress = settings.bindAddress();
        this.settings = settings;
    }

    /** Packets the endpoints made here refused for their source. */
    public SourceDropTally sourceDrops() {
        return sourceDrops;
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
        return create(id, callKey, withRtcpPort, listener, (loop, plain, ssrc) -> plain);
    }

    /**
     * Binds a new endpoint whose transport {@code wrap} builds around the bound plain socket (a WebRTC
     * endpoint wraps it in its secure transport); {@code wrap} runs on the loop.
     */
    public CompletableFuture<RtpEndpoint> create(String id, String callKey, boolean withRtcpPort,
            EndpointListener listener, TransportWrapper wrap) {
        CompletableFuture<RtpEndpoint> result = new CompletableFuture<>();
        EventLoop loop = loops.loopFor(callKey);
        attempt(id, loop, withRtcpPort, listener, wrap, result, 0, null);
        return result;
    }

    /** Builds an endpoint's transport around its bound socket. */
    @FunctionalInterface
    public interface TransportWrapper {
        MediaTransport wrap(EventLoop loop, PlainRtpTransport socket, long ssrc);
    }

    private void attempt(String id, EventLoop loop, boolean withRtcp, EndpointListener listener,
            TransportWrapper wrap, CompletableFuture<RtpEndpoint> result, int attempt, Throwable lastError) {
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
        PlainRtpTransport.bind(id, loop, loops.channelClass(), bindAddress, port, withRtcp)
                .whenComplete((transport, error) -> {
                    if (error != null) {
                        ports.release(port);
                        LOG.debug("RTP port {} unavailable, trying another", port, error);
                        attempt(id, loop, withRtcp, listener, wrap, result, attempt + 1, error);
                        return;
                    }
                    try {
                        // on the loop: the transport's bind completes there
                        long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
                        result.complete(new RtpEndpoint(id, loop, loops.housekeeping(loop), port, listener,
                                settings.mediaTimeout().toNanos(), settings.heldMediaTimeout().toNanos(),
                                settings.natLatchWindow().toNanos(), ssrc, wrap.wrap(loop, transport, ssrc), sourceDrops));
                    } catch (RuntimeException e) {
                        transport.close(() -> ports.release(port));
                        result.completeExceptionally(e);
                    }
                });
    }

    /**
     * Moves {@code endpoint} onto {@code target} (see {@link RtpEndpoint#moveTo}); on the endpoint's loop.
     * Completes on {@code target}.
     */
    public CompletableFuture<Void> move(RtpEndpoint endpoint, EventLoop target) {
        return endpoint.moveTo(target, loops.housekeeping(target));
    }

    /** Closes {@code endpoint} on its loop and returns its ports. Safe from any thread. */
    public CompletableFuture<Void> destroy(RtpEndpoint endpoint) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        endpoint.execute(() -> {
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

package io.switchboard.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.media.codec.PacketKind;
import java.net.InetSocketAddress;

/**
 * The seam between an endpoint's media path and its sockets. The path above sees plain RTP and RTCP
 * whatever the transport: {@link PlainRtpTransport} puts them on UDP as they are; a WebRTC transport answers
 * ICE connectivity checks and runs the DTLS handshake on the same port (the datagrams the demultiplexer hands
 * to {@link #offerHandshake}) and keeps the SRTP keys that handshake yields.
 *
 * <p>Confined to the endpoint's loop, like the path; the transport owns its sockets and nothing else.
 */
public interface MediaTransport {
    /** Sets where received datagrams go; until then they are released. */
    void deliverTo(DatagramReceiver receiver);

    /** The bound RTP address. */
    InetSocketAddress localAddress();

    /** The allocator of the RTP socket, for packets generated on the loop (pooled). */
    ByteBufAllocator alloc();

    /** Sends one RTP packet to {@code destination}, taking ownership of it. */
    void send(ByteBuf packet, InetSocketAddress destination);

    /**
     * Sends one RTCP compound packet, taking ownership of it: on the RTP socket to {@code rtpDestination}
     * when muxed (RFC 5761) or when the transport has no RTCP socket, else from the RTCP socket to the same
     * host's {@code remoteRtcpPort}.
     */
    void sendControl(ByteBuf packet, InetSocketAddress rtpDestination, boolean muxed, int remoteRtcpPort);

    /**
     * The receive path's source latch settled on {@code peer}: a transport may tie its socket to it (plain
     * RTP connects the UDP socket, so the kernel skips a route lookup per send and refuses other sources).
     * Called once per settled source; when pinning fails the transport keeps sending unpinned.
     */
    void pin(InetSocketAddress peer);

    /** A new remote description restarted the latch: accept every source again. */
    void unpin();

    /**
     * Offers a STUN (RFC 8489) or DTLS (RFC 9147) datagram the demultiplexer set aside. True when the
     * transport took it and owns it now; false when it does not speak that protocol, and the caller drops it.
     */
    boolean offerHandshake(PacketKind kind, ByteBuf datagram, InetSocketAddress sender);

    /** Housekeeping on the loop every {@code RtpEndpoint.TICK_MILLIS}: timers a transport keeps (ICE consent). */
    default void tick(long nowNanos) {
    }

    /** The transport's own path nodes (SRTP, ICE), for the endpoint's statistics; none for plain RTP. */
    default java.util.List<io.switchboard.media.api.PathNodeCounters> counters() {
        return java.util.List.of();
    }

    /**
     * The endpoint leaves its loop: the sockets stop reading on it and what is sent meanwhile is dropped;
     * {@code detached} runs on the old loop once no socket is registered there any more. A transport without
     * sockets of its own runs it at once.
     */
    default void detach(Runnable detached) {
        detached.run();
    }

    /** The instant {@code target} becomes the owner (on the old loop): hand-backs from other threads go there. */
    default void handOver(io.netty.channel.EventLoop target) {
    }

    /** On {@code target}, after {@link #detach}: registers the sockets there; {@code attached} runs once they read. */
    default void attach(io.netty.channel.EventLoop target, Runnable attached) {
        attached.run();
    }

    /** Closes the sockets and runs {@code afterClose} once they are closed. */
    void close(Runnable afterClose);
}

package io.switchboard.sip.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** One peer address reached through the edge's UDP socket. */
final class UdpFlow implements SipFlow {
    private final Channel channel;
    private final InetSocketAddress remote;
    private final TrafficCounters counters;

    UdpFlow(Channel channel, InetSocketAddress remote, TrafficCounters counters) {
        this.channel = channel;
        this.remote = remote;
        this.counters = counters;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.UDP;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void send(byte[] encoded) {
        counters.sent.increment();
        // the packet's buffer is released by the channel once written (or on failure)
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(encoded), remote))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        counters.sendFailures.increment();
                    }
                });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpFlow other && other.remote.equals(remote) && other.channel == channel;
    }

    @Override
    public int hashCode() {
        return remote.hashCode();
    }

    @Override
    public String toString() {
        return "udp:" + remote;
    }
}

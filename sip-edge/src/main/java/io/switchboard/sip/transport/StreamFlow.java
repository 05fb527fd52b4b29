package io.switchboard.sip.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;

/**
 * One TCP or TLS connection, accepted or still connecting. Writes issued while an outbound connection is
 * being set up wait on its connect future, whose listeners run in order, so message order is kept.
 */
final class StreamFlow implements SipFlow {
    private final ChannelFuture ready;
    private final TransportKind kind;
    private final InetSocketAddress remote;
    private final TrafficCounters counters;

    StreamFlow(ChannelFuture ready, TransportKind kind, InetSocketAddress remote, TrafficCounters counters) {
        this.ready = ready;
        this.kind = kind;
        this.remote = remote;
        this.counters = counters;
    }

    @Override
    public TransportKind kind() {
        return kind;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean isOpen() {
        return !ready.isDone() || (ready.isSuccess() && ready.channel().isActive());
    }

    @Override
    public void send(byte[] encoded) {
        ready.addListener((ChannelFutureListener) connected -> {
            Channel channel = connected.channel();
            if (!connected.isSuccess() || !channel.isActive()) {
                counters.sendFailures.increment();
                return;
            }
            counters.sent.increment();
            channel.writeAndFlush(Unpooled.wrappedBuffer(encoded)).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    counters.sendFailures.increment();
                }
            });
        });
    }

    Channel channel() {
        return ready.channel();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + remote;
    }
}

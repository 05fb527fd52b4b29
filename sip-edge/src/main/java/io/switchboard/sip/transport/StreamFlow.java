package io.switchboard.sip.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One TCP or TLS connection, accepted or still connecting. Writes issued while an outbound connection is
 * being set up wait on its connect future, whose listeners run in order, so message order is kept.
 */
final class StreamFlow implements SipFlow {
    private final ChannelFuture ready;
    private final TransportKind kind;
    private final InetSocketAddress remote;
    private final TrafficCounters counters;
    /** System.nanoTime() of the last message in or out; written by the core and the connection's loop. */
    private volatile long lastActivityNanos = System.nanoTime();

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
        touched();
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

    /** A message was read from or written to the connection. */
    void touched() {
        lastActivityNanos = System.nanoTime();
    }

    /** How long the connection has carried no message. */
    long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
    }

    Channel channel() {
        return ready.channel();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + remote;
    }
}

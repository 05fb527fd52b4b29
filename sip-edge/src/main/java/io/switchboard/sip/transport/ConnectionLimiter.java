package io.switchboard.sip.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps accepted TCP/TLS connections per source address, so one host cannot hold every file descriptor (a
 * connection flood costs us memory for its pipeline and buffers), and in total, so a few hundred addresses cannot
 * either. Shared by every accepted channel; the counts are concurrent because connections live on different I/O
 * loops.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxPerSource;
    private final int maxTotal;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    final LongAdder refused = new LongAdder();

    ConnectionLimiter(int maxPerSource, int maxTotal) {
        this.maxPerSource = maxPerSource;
        this.maxTotal = maxTotal;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        AtomicInteger count = open.computeIfAbsent(ip, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerSource) {
            count.decrementAndGet();
            refused.increment();
            LOG.debug("refusing connection from {}: {} already open", ip, maxPerSource);
            ctx.channel().attr(COUNTED).set(Boolean.FALSE);
            ctx.close();
            return;
        }
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            count.decrementAndGet();
            refused.increment();
            LOG.debug("refusing connection from {}: {} connections open in all", ip, maxTotal);
            ctx.channel().attr(COUNTED).set(Boolean.FALSE);
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (Boolean.TRUE.equals(ctx.channel().attr(COUNTED).get())) {
            InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            open.computeIfPresent(ip, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
            total.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    private static final io.netty.util.AttributeKey<Boolean> COUNTED =
            io.netty.util.AttributeKey.valueOf("switchboard.sip.connectionCounted");
}

package io.switchboard.sip.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top of a TCP/TLS pipeline: registers the connection as a flow and dispatches framed messages. An accepted
 * connection must carry a well-formed request within the first-request deadline (the TLS handshake counts
 * against it) or it is closed: a connection opened only to hold a descriptor is the AST-2016-005 pattern.
 */
final class StreamInboundHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamInboundHandler.class);

    private final StreamConnections connections;
    private final InboundDispatcher dispatcher;
    private final TransportKind kind;
    /** Idle closing for accepted connections, or null for the ones we opened. */
    private final IdleConnections idle;
    /** 0 for none (the connections we opened). */
    private final long firstRequestMillis;
    private final TrafficCounters counters;
    private StreamFlow flow;
    /** Pending until the first well-formed request; null once it came (or with no deadline). */
    private ScheduledFuture<?> firstRequestDeadline;

    StreamInboundHandler(StreamConnections connections, InboundDispatcher dispatcher, TransportKind kind,
                         IdleConnections idle, long firstRequestMillis, TrafficCounters counters) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.kind = kind;
        this.idle = idle;
        this.firstRequestMillis = firstRequestMillis;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        flow = connections.registered(ctx.channel(), kind);
        if (firstRequestMillis > 0) {
            // on the connection's own loop, as every other event of this handler: no shared state
            firstRequestDeadline = ctx.executor().schedule(() -> noRequestInTime(ctx), firstRequestMillis,
                    TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    private void noRequestInTime(ChannelHandlerContext ctx) {
        firstRequestDeadline = null;
        counters.connectionsClosedNoRequest.increment();
        LOG.info("closing {} connection from {}: no well-formed request within {} ms", kind,
                ctx.channel().remoteAddress(), firstRequestMillis);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // the stream decoder emits byte[] frames, so there is no buffer to release here
        if (msg instanceof byte[] frame && flow != null) {
            flow.touched();
            if (dispatcher.dispatch(frame, frame.length, flow) && firstRequestDeadline != null) {
                firstRequestDeadline.cancel(false);
                firstRequestDeadline = null;
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (firstRequestDeadline != null) {
            firstRequestDeadline.cancel(false);
            firstRequestDeadline = null;
        }
        connections.unregistered(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (idle != null && flow != null) {
                idle.onIdle(flow);
            }
            return;
        }
        if (evt instanceof SipStreamDecoder.UnframeableRequest bad) {
            LOG.info("closing {} connection from {} after answering {}: {}", kind, ctx.channel().remoteAddress(),
                    bad.status(), bad.reason());
            if (flow != null) {
                dispatcher.rejectUnframeable(bad, flow); // the decoder closes the connection next
            }
            return;
        }
        if (evt instanceof SipStreamDecoder.FramingFailure failure) {
            LOG.info("closing {} connection from {}: {}", kind, ctx.channel().remoteAddress(), failure.reason());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} connection {} failed: {}", kind, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

package io.switchboard.sip.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The top of a TCP/TLS pipeline: registers the connection as a flow and dispatches framed messages. */
final class StreamInboundHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamInboundHandler.class);

    private final StreamConnections connections;
    private final InboundDispatcher dispatcher;
    private final TransportKind kind;
    /** Idle closing for accepted connections, or null for the ones we opened. */
    private final IdleConnections idle;
    private StreamFlow flow;

    StreamInboundHandler(StreamConnections connections, InboundDispatcher dispatcher, TransportKind kind,
                         IdleConnections idle) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.kind = kind;
        this.idle = idle;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        flow = connections.registered(ctx.channel(), kind);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // the stream decoder emits byte[] frames, so there is no buffer to release here
        if (msg instanceof byte[] frame && flow != null) {
            flow.touched();
            dispatcher.dispatch(frame, frame.length, flow);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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

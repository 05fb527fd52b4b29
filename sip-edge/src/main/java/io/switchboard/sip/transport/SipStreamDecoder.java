package io.switchboard.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.switchboard.sip.codec.SipFraming;
import java.util.List;

/**
 * Cuts a SIP byte stream into whole messages (RFC 3261 section 18.3: the header block ends at the first
 * blank line and Content-Length gives the body). Emits each message as a byte[] so no buffer outlives the
 * decoder; a CRLFCRLF keepalive ping between messages is answered with a CRLF pong (RFC 5626 section 4.4.1),
 * other stray line ends are skipped. A stream that exceeds the header or body limit, or whose Content-Length
 * is not a number or appears twice, cannot be re-synchronised and is closed; when its header block is complete
 * the handler above first answers it (513 for the body limit, 400 otherwise: RFC 4475 sections
 * 3.1.2.3 and 3.3.9), from an {@link UnframeableRequest} user event fired just before the close.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder {
    private final TransportLimits limits;
    private final TrafficCounters counters;
    /** Set once framing failed: every later byte is discarded while the connection closes. */
    private boolean failed;

    public SipStreamDecoder(TransportLimits limits, TrafficCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            skipCrlf(ctx, in);
            if (!in.isReadable()) {
                return;
            }
            int start = in.readerIndex();
            int scan = Math.min(in.readableBytes(), limits.maxHeaderBytes() + 4);
            int headerLength = headerBlockLength(in, start, scan);
            if (headerLength < 0) {
                if (in.readableBytes() > limits.maxHeaderBytes()) {
                    fail(ctx, in, "header block over " + limits.maxHeaderBytes() + " bytes");
                }
                return;
            }
            byte[] head = new byte[headerLength];
            in.getBytes(start, head);
            int contentLength = SipFraming.contentLength(head, 0, head.length);
            if (contentLength == SipFraming.UNREADABLE || contentLength == SipFraming.DUPLICATED) {
                String why = contentLength == SipFraming.DUPLICATED ? "Duplicate Content-Length header"
                        : "Bad Content-Length header";
                answerAndFail(ctx, in, out, new UnframeableRequest(head, 400, why));
                return;
            }
            // RFC 3261 section 18.3 makes Content-Length mandatory on streams; a missing one means no body
            int body = Math.max(contentLength, 0);
            if (body > limits.maxBodyBytes()) {
                answerAndFail(ctx, in, out, new UnframeableRequest(head, 513, "Message Too Large"));
                return;
            }
            if (in.readableBytes() < headerLength + body) {
                return;
            }
            byte[] message = new byte[headerLength + body];
            in.readBytes(message);
            out.add(message);
        }
    }

    private void skipCrlf(ChannelHandlerContext ctx, ByteBuf in) {
        int skipped = 0;
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != '\r' && b != '\n') {
                break;
            }
            in.skipBytes(1);
            skipped++;
        }
        if (skipped > 0) {
            counters.keepalives.increment();
        }
        if (skipped == 4) {
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte('\r').writeByte('\n'));
        }
    }

    /** Length of the header block including its blank line, or -1 when not complete within {@code scan}. */
    private static int headerBlockLength(ByteBuf in, int start, int scan) {
        for (int i = 0; i < scan - 1; i++) {
            if (in.getByte(start + i) == '\n') {
                byte next = in.getByte(start + i + 1);
                if (next == '\n') {
                    return i + 2;
                }
                if (next == '\r' && i + 2 < scan && in.getByte(start + i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /**
     * Hands the header block up to be answered (after the messages framed before it, so answers keep their
     * order), then closes: the answer was written on this loop first, so it leaves before the close.
     */
    private void answerAndFail(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, UnframeableRequest request) {
        failed = true;
        counters.connectionsClosedForFraming.increment();
        in.skipBytes(in.readableBytes());
        for (Object framed : out) {
            ctx.fireChannelRead(framed);
        }
        out.clear();
        ctx.fireUserEventTriggered(request);
        ctx.close();
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String why) {
        failed = true;
        counters.connectionsClosedForFraming.increment();
        counters.dropped.increment();
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new FramingFailure(why));
        ctx.close();
    }

    /** A complete header block whose message cannot be framed: answer {@code status} and close the connection. */
    public record UnframeableRequest(byte[] head, int status, String reason) {
    }

    /** Fired before the connection is closed, so the handler above can log with the peer's address. */
    public record FramingFailure(String reason) {
    }
}

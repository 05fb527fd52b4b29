package io.switchboard.turn.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a TCP or TLS byte stream into STUN messages (20-byte header plus the length field) and ChannelData
 * messages (4-byte header plus the length, padded to four bytes, RFC 8656 section 12.5). Anything else
 * means the stream lost its framing: the connection is closed, once, with its reason logged.
 */
final class StreamFramer extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFramer.class);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int first = in.getUnsignedByte(in.readerIndex());
            int length = in.getUnsignedShort(in.readerIndex() + 2);
            int frame;
            int consumed;
            if ((first & 0xC0) == 0) {
                frame = 20 + length;
                consumed = frame;
            } else if ((first & 0xC0) == 0x40) {
                frame = 4 + length;
                consumed = 4 + ((length + 3) & ~3);
            } else {
                LOG.info("TURN connection {}: not STUN or ChannelData (first byte 0x{}), closing",
                        ctx.channel().remoteAddress(), Integer.toHexString(first));
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < consumed) {
                return;
            }
            out.add(in.retainedSlice(in.readerIndex(), frame));
            in.skipBytes(consumed);
        }
    }
}

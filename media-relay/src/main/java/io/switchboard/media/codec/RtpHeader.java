package io.switchboard.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors over an RTP packet held in a {@link ByteBuf} (RFC 3550 section 5.1), reading at the
 * buffer's reader index without moving it and without allocating.
 */
public final class RtpHeader {
    /** The fixed header size (RFC 3550 section 5.1). */
    public static final int FIXED_SIZE = 12;

    private RtpHeader() {
    }

    /**
     * True when the buffer holds a structurally valid RTP packet: version 2, room for the CSRC list and
     * header extension, and padding that does not run past the payload (RFC 3550 section A.1).
     */
    public static boolean isValid(ByteBuf buf) {
        int len = buf.readableBytes();
        if (len < FIXED_SIZE) {
            return false;
        }
        int b0 = buf.getUnsignedByte(buf.readerIndex());
        if ((b0 >> 6) != 2) {
            return false;
        }
        int headerLength = headerLength(buf);
        if (headerLength < 0 || headerLength > len) {
            return false;
        }
        if ((b0 & 0x20) != 0) {
            int padding = buf.getUnsignedByte(buf.readerIndex() + len - 1);
            return padding > 0 && headerLength + padding <= len;
        }
        return true;
    }

    /**
     * The header length including CSRCs and extension, or -1 when the extension length runs past the
     * buffer; only meaningful for a buffer of at least {@link #FIXED_SIZE} bytes.
     */
    public static int headerLength(ByteBuf buf) {
        int base = buf.readerIndex();
        int b0 = buf.getUnsignedByte(base);
        int length = FIXED_SIZE + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            // RFC 3550 section 5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the words.
            if (length + 4 > buf.readableBytes()) {
                return -1;
            }
            length += 4 + 4 * buf.getUnsignedShort(base + length + 2);
        }
        return length;
    }

    public static int version(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex()) >> 6;
    }

    public static boolean marker(ByteBuf buf) {
        return (buf.getUnsignedByte(buf.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 1) & 0x7F;
    }

    public static int sequence(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    public static long timestamp(ByteBuf buf) {
        return buf.getUnsignedInt(buf.readerIndex() + 4);
    }

    public static long ssrc(ByteBuf buf) {
        return buf.getUnsignedInt(buf.readerIndex() + 8);
    }

    /** Offset of the payload from the reader index. */
    public static int payloadOffset(ByteBuf buf) {
        return headerLength(buf);
    }

    /** Payload length without padding; assumes {@link #isValid}. */
    public static int payloadLength(ByteBuf buf) {
        int len = buf.readableBytes();
        int padding = 0;
        if ((buf.getUnsignedByte(buf.readerIndex()) & 0x20) != 0) {
            padding = buf.getUnsignedByte(buf.readerIndex() + len - 1);
        }
        return len - headerLength(buf) - padding;
    }

    public static void setMarker(ByteBuf buf, boolean marker) {
        int i = buf.readerIndex() + 1;
        int b = buf.getUnsignedByte(i);
        buf.setByte(i, marker ? b | 0x80 : b & 0x7F);
    }

    public static void setPayloadType(ByteBuf buf, int payloadType) {
        int i = buf.readerIndex() + 1;
        buf.setByte(i, (buf.getUnsignedByte(i) & 0x80) | (payloadType & 0x7F));
    }

    public static void setSequence(ByteBuf buf, int sequence) {
        buf.setShort(buf.readerIndex() + 2, sequence);
    }

    public static void setTimestamp(ByteBuf buf, long timestamp) {
        buf.setInt(buf.readerIndex() + 4, (int) timestamp);
    }

    public static void setSsrc(ByteBuf buf, long ssrc) {
        buf.setInt(buf.readerIndex() + 8, (int) ssrc);
    }

    /**
     * Writes a fixed 12-byte header with no CSRCs, extension or padding at the writer index
     * (RFC 3550 section 5.1).
     */
    public static void write(ByteBuf buf, boolean marker, int payloadType, int sequence, long timestamp,
            long ssrc) {
        buf.writeByte(0x80);
        buf.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        buf.writeShort(sequence);
        buf.writeInt((int) timestamp);
        buf.writeInt((int) ssrc);
    }
}

package io.switchboard.turn.stun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The relay's hot path framed by hand on Netty buffers: ChannelData (RFC 8656 section 12.4), Send indications
 * read in place (section 10.2) and Data indications written into one pooled buffer (section 10.3). Only IPv4
 * peers, the only family the relay serves. Nothing here allocates on the heap per packet.
 */
public final class RelayFraming {

    public static final int CHANNEL_MIN = 0x4000;
    /** RFC 5766's upper end, which coturn's clients use; RFC 8656 narrowed it to 0x4FFF. */
    public static final int CHANNEL_MAX = 0x7FFF;
    private static final int SEND_INDICATION = 0x0016;
    private static final int DATA_INDICATION = 0x0017;
    private static final int XOR_PEER_ADDRESS = StunAttributes.XOR_PEER_ADDRESS;
    private static final int DATA = StunAttributes.DATA;

    private RelayFraming() {
    }

    /** True when the first two bits are 01 (RFC 8656 section 12.4: ChannelData, channel 0x4000-0x7FFF). */
    public static boolean isChannelData(ByteBuf buf) {
        return buf.readableBytes() >= 4 && (buf.getByte(buf.readerIndex()) & 0xC0) == 0x40;
    }

    /** The channel number of a ChannelData message. */
    public static int channelNumber(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex());
    }

    /** The length field of a ChannelData message; -1 when it claims more bytes than there are. */
    public static int channelDataLength(ByteBuf buf) {
        int length = buf.getUnsignedShort(buf.readerIndex() + 2);
        return length + 4 <= buf.readableBytes() ? length : -1;
    }

    /**
     * A ChannelData message for {@code length} bytes of {@code payload} from its reader index, padded to four
     * bytes when the client is on a stream transport (section 12.5); the payload is not consumed.
     */
    public static ByteBuf channelData(ByteBufAllocator alloc, int channel, ByteBuf payload, boolean padded) {
        int length = payload.readableBytes();
        int total = 4 + (padded ? (length + 3) & ~3 : length);
        ByteBuf out = alloc.directBuffer(total, total);
        out.writeShort(channel);
        out.writeShort(length);
        out.writeBytes(payload, payload.readerIndex(), length);
        out.writeZero(total - 4 - length);
        return out;
    }

    /**
     * A Data indication carrying {@code payload} from the IPv4 peer {@code peerIp}:{@code peerPort}, with a
     * fresh random transaction id and no FINGERPRINT (indications need none, RFC 8656 section 10.3).
     */
    public static ByteBuf dataIndication(ByteBufAllocator alloc, int peerIp, int peerPort, ByteBuf payload) {
        int length = payload.readableBytes();
        int padded = (length + 3) & ~3;
        int body = 12 + 4 + padded;
        ByteBuf out = alloc.directBuffer(20 + body, 20 + body);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        out.writeShort(DATA_INDICATION);
        out.writeShort(body);
        out.writeInt(StunDecoder.MAGIC_COOKIE);
        out.writeLong(random.nextLong());
        out.writeInt(random.nextInt());
        out.writeShort(XOR_PEER_ADDRESS);
        out.writeShort(8);
        out.writeShort(0x0001);
        out.writeShort(peerPort ^ (StunDecoder.MAGIC_COOKIE >>> 16));
        out.writeInt(peerIp ^ StunDecoder.MAGIC_COOKIE);
        out.writeShort(DATA);
        out.writeShort(length);
        out.writeBytes(payload, payload.readerIndex(), length);
        out.writeZero(padded - length);
        return out;
    }

    /** True when the buffer holds a Send indication header (type 0x0016 and the magic cookie). */
    public static boolean isSendIndication(ByteBuf buf) {
        return buf.readableBytes() >= 20 && buf.getUnsignedShort(buf.readerIndex()) == SEND_INDICATION
                && buf.getInt(buf.readerIndex() + 4) == StunDecoder.MAGIC_COOKIE;
    }

    /**
     * Reads a Send indication in place into {@code into}: its IPv4 XOR-PEER-ADDRESS and where its DATA lies.
     * Returns false (and the caller drops it, section 10.2) when either is missing, malformed or IPv6, or the
     * framing is broken.
     */
    public static boolean readSendIndication(ByteBuf buf, SendIndication into) {
        int start = buf.readerIndex();
        int length = buf.getUnsignedShort(start + 2);
        int end = start + 20 + length;
        if ((length & 3) != 0 || end > buf.writerIndex()) {
            return false;
        }
        boolean peer = false;
        boolean data = false;
        int at = start + 20;
        while (at + 4 <= end) {
            int type = buf.getUnsignedShort(at);
            int attrLength = buf.getUnsignedShort(at + 2);
            if (at + 4 + attrLength > end) {
                return false;
            }
            if (type == XOR_PEER_ADDRESS && !peer) {
                if (attrLength != 8 || buf.getByte(at + 5) != 1) {
                    return false;
                }
                into.peerPort = buf.getUnsignedShort(at + 6) ^ (StunDecoder.MAGIC_COOKIE >>> 16);
                into.peerIp = buf.getInt(at + 8) ^ StunDecoder.MAGIC_COOKIE;
                peer = true;
            } else if (type == DATA && !data) {
                into.dataOffset = at + 4;
                into.dataLength = attrLength;
                data = true;
            }
            at += 4 + ((attrLength + 3) & ~3);
        }
        return peer && data;
    }

    /** Where a Send indication's peer and data are; one per loop, reused for every packet. */
    public static final class SendIndication {
        public int peerIp;
        public int peerPort;
        public int dataOffset;
        public int dataLength;
    }
}

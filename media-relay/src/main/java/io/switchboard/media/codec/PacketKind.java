package io.switchboard.media.codec;

import io.netty.buffer.ByteBuf;

/** What a datagram arriving on a media port carries, by the demultiplexing rules of RFC 7983 section 7. */
public enum PacketKind {
    STUN, DTLS, RTP, RTCP, UNKNOWN;

    /**
     * Classifies by the first byte (RFC 7983 section 7) and, within 128..191, by the second byte:
     * payload types 192..223 are RTCP packet types 200-207 plus the ranges RFC 5761 section 4 reserves.
     */
    public static PacketKind of(ByteBuf buf) {
        if (buf.readableBytes() < 2) {
            return UNKNOWN;
        }
        int b0 = buf.getUnsignedByte(buf.readerIndex());
        if (b0 <= 3) {
            return STUN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return DTLS;
        }
        if (b0 >= 128 && b0 <= 191) {
            int b1 = buf.getUnsignedByte(buf.readerIndex() + 1);
            return b1 >= 192 && b1 <= 223 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}

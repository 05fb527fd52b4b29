package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.RtpHeader;

/**
 * Converts audio in another G.711 law than this leg's in place, byte for byte through the G.711 tables
 * (the payload keeps its size); audio in the leg's own law and events pass untouched. The send path
 * compares the law itself and shows the node only a packet to convert (see {@link PathNode}).
 */
public final class Transcoder extends PathNode {
    private static final Kind KIND = Kind.of("send/transcode");
    private long transcoded;

    Transcoder() {
        super(KIND);
    }

    /** True when audio in {@code from} (null: an RFC 4733 event) must be converted for a leg speaking {@code to}. */
    static boolean needed(AudioCodec from, AudioCodec to) {
        return from != null && from != to;
    }

    /** Converts the payload from {@code from} to the other law. */
    void convert(ByteBuf packet, AudioCodec from) {
        transcoded++;
        int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
        int end = start + RtpHeader.payloadLength(packet);
        boolean toAlaw = from == AudioCodec.PCMU;
        for (int i = start; i < end; i++) {
            byte b = packet.getByte(i);
            packet.setByte(i, toAlaw ? G711.ulawToAlaw(b) : G711.alawToUlaw(b));
        }
    }

    /** Packets converted from the other law. */
    public long transcoded() {
        return transcoded;
    }
}

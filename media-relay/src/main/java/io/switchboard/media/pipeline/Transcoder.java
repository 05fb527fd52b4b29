package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.RtpHeader;

/**
 * Converts audio in another G.711 law than this leg's in place, byte for byte through the G.711 tables
 * (the payload keeps its size); audio in the leg's own law and events pass untouched.
 */
public final class Transcoder extends PathNode {
    private static final Kind KIND = Kind.of("send/transcode");
    private AudioCodec target = AudioCodec.PCMU;
    private long transcoded;

    Transcoder() {
        super(KIND);
    }

    void target(AudioCodec codec) {
        this.target = codec;
    }

    /** @param from the law of the payload, or null for an RFC 4733 event */
    public void apply(ByteBuf packet, AudioCodec from) {
        arrived();
        if (from == null || from == target) {
            return;
        }
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

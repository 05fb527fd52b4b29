package io.switchboard.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    @Test
    void readsAndRewritesFixedHeader() {
        ByteBuf buf = Unpooled.buffer();
        try {
            RtpHeader.write(buf, true, 8, 65535, 0xFFFFFFF0L, 0xDEADBEEFL);
            buf.writeZero(160);
            assertTrue(RtpHeader.isValid(buf));
            assertEquals(2, RtpHeader.version(buf));
            assertTrue(RtpHeader.marker(buf));
            assertEquals(8, RtpHeader.payloadType(buf));
            assertEquals(65535, RtpHeader.sequence(buf));
            assertEquals(0xFFFFFFF0L, RtpHeader.timestamp(buf));
            assertEquals(0xDEADBEEFL, RtpHeader.ssrc(buf));
            assertEquals(12, RtpHeader.payloadOffset(buf));
            assertEquals(160, RtpHeader.payloadLength(buf));
            RtpHeader.setPayloadType(buf, 0);
            RtpHeader.setMarker(buf, false);
            RtpHeader.setSequence(buf, 7);
            RtpHeader.setSsrc(buf, 1);
            assertEquals(0, RtpHeader.payloadType(buf));
            assertFalse(RtpHeader.marker(buf));
            assertEquals(7, RtpHeader.sequence(buf));
            assertEquals(1, RtpHeader.ssrc(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void handlesCsrcExtensionAndPadding() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(0x80 | 0x20 | 0x10 | 2).writeByte(0).writeShort(1).writeInt(2).writeInt(3);
            buf.writeInt(11).writeInt(12); // two CSRCs
            buf.writeShort(0xBEDE).writeShort(1).writeInt(0); // one-word extension
            buf.writeZero(10).writeByte(0).writeByte(3); // payload 10 + padding 3 (last byte says 3)
            buf.setByte(buf.writerIndex() - 3, 0);
            assertTrue(RtpHeader.isValid(buf));
            assertEquals(28, RtpHeader.payloadOffset(buf));
            assertEquals(buf.readableBytes() - 28 - 3, RtpHeader.payloadLength(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsMalformedPackets() {
        ByteBuf shortBuf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0});
        ByteBuf badVersion = Unpooled.wrappedBuffer(new byte[12]);
        ByteBuf csrcOverrun = Unpooled.wrappedBuffer(new byte[] {(byte) 0x8F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ByteBuf extOverrun = Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9});
        ByteBuf paddingOverrun = Unpooled.wrappedBuffer(new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40});
        try {
            assertFalse(RtpHeader.isValid(shortBuf));
            assertFalse(RtpHeader.isValid(badVersion));
            assertFalse(RtpHeader.isValid(csrcOverrun));
            assertFalse(RtpHeader.isValid(extOverrun));
            assertFalse(RtpHeader.isValid(paddingOverrun));
        } finally {
            shortBuf.release();
            badVersion.release();
            csrcOverrun.release();
            extOverrun.release();
            paddingOverrun.release();
        }
    }

    @Test
    void demultiplexesPerRfc7983() {
        assertEquals(PacketKind.STUN, kind(0x00, 0x01));
        assertEquals(PacketKind.DTLS, kind(22, 0xFE));
        assertEquals(PacketKind.RTP, kind(0x80, 0x00));
        assertEquals(PacketKind.RTP, kind(0x80, 0xE5)); // marker + PT 101
        assertEquals(PacketKind.RTCP, kind(0x80, 200));
        assertEquals(PacketKind.RTCP, kind(0x81, 201));
        assertEquals(PacketKind.UNKNOWN, kind(0x40, 0));
    }

    private static PacketKind kind(int b0, int b1) {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) b0, (byte) b1});
        try {
            return PacketKind.of(buf);
        } finally {
            buf.release();
        }
    }
}

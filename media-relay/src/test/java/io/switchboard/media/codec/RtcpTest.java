package io.switchboard.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {

    @Test
    void ntpTimestampsFollowRfc3550() {
        assertEquals(2_208_988_800L << 32, Rtcp.ntp(0));
        assertEquals((2_208_988_800L << 32) | 0x80000000L, Rtcp.ntp(500_000_000L), "half a second is 2^31");
        assertEquals(0x0001_8000L, Rtcp.middle(0x0000_0001_8000_0000L));
    }

    @Test
    void compoundSenderReportRoundTrips() {
        ByteBuf b = Unpooled.buffer();
        try {
            Rtcp.ReportBlock block = new Rtcp.ReportBlock(0xCAFEL, 25, -3, 70_000, 42, 0x12345678L, 65536);
            Rtcp.writeSenderReport(b, 0xBEEFL, Rtcp.ntp(1_000_000_000L), 1600, 10, 1600, block);
            assertEquals(52, b.readableBytes(), "SR with one block is 13 words");
            Rtcp.writeSdesCname(b, 0xBEEFL, "switchboard-1");
            assertEquals(0, b.readableBytes() % 4);
            assertEquals(PacketKind.RTCP, PacketKind.of(b));
            List<String> seen = new ArrayList<>();
            assertTrue(Rtcp.read(b, new Rtcp.Visitor() {
                @Override
                public void senderReport(long ssrc, long ntp) {
                    seen.add("sr " + Long.toHexString(ssrc) + " " + (ntp == Rtcp.ntp(1_000_000_000L)));
                }

                @Override
                public void reportBlock(long reporter, Rtcp.ReportBlock r) {
                    seen.add("block " + Long.toHexString(reporter) + " " + r);
                }
            }));
            assertEquals(List.of("sr beef true", "block beef " + block), seen);
        } finally {
            b.release();
        }
    }

    @Test
    void receiverReportAndMalformedPackets() {
        ByteBuf rr = Unpooled.buffer();
        ByteBuf cut = Unpooled.buffer();
        try {
            Rtcp.writeReceiverReport(rr, 7, null);
            assertEquals(8, rr.readableBytes());
            List<Long> reporters = new ArrayList<>();
            assertTrue(Rtcp.read(rr, visitor(reporters)));
            Rtcp.writeReceiverReport(cut, 7, new Rtcp.ReportBlock(1, 0, 0, 0, 0, 0, 0));
            cut.writerIndex(cut.writerIndex() - 8);
            assertFalse(Rtcp.read(cut, visitor(reporters)), "length runs past the datagram");
            assertTrue(reporters.isEmpty());
        } finally {
            rr.release();
            cut.release();
        }
    }

    private static Rtcp.Visitor visitor(List<Long> reporters) {
        return new Rtcp.Visitor() {
            @Override
            public void senderReport(long ssrc, long ntp) {
                reporters.add(ssrc);
            }

            @Override
            public void reportBlock(long reporter, Rtcp.ReportBlock block) {
                reporters.add(reporter);
            }
        };
    }
}

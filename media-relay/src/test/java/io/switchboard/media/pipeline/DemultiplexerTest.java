package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.switchboard.media.codec.PacketKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first receive node against RFC 7983 section 7 (first byte: 0-3 STUN, 20-63 DTLS, 128-191 RTP or
 * RTCP) and RFC 5761 section 4 (RTCP packet types 192-223 in the second byte), on every first byte and on
 * real packets, and what it counts.
 */
class DemultiplexerTest {
    /** The first 40 bytes of the sample Binding request of RFC 5769 section 2.1 (header and SOFTWARE). */
    private static final String STUN_BINDING_REQUEST = "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74";
    /** A DTLS 1.2 record carrying a ClientHello (RFC 6347 section 4.1: type 22, version 254.253, epoch 0). */
    private static final String DTLS_CLIENT_HELLO = "16fefd0000000000000000002c010000200000000000000020fefd";
    /** RTP version 2, PCMU, sequence 1, timestamp 160, SSRC 0x5EED, then payload. */
    private static final String RTP_PCMU = "80000001000000a000005eed" + "ff".repeat(160);
    /** RTP version 2 with the marker bit and payload type 101: 0xE5 = 229, above the RTCP range. */
    private static final String RTP_EVENT_MARKER = "80e50001000000a000005eed0a0a00a0";
    /** An RTCP receiver report (201) with no blocks, then SDES (202): a compound packet. */
    private static final String RTCP_RR_SDES = "80c90001" + "0000aaaa" + "81ca0003" + "0000aaaa0104" + "616263640000";

    private final Demultiplexer demux = new Demultiplexer();

    @Test
    void everyFirstByteFallsInItsRfc7983Range() {
        for (int b0 = 0; b0 < 256; b0++) {
            PacketKind expected;
            if (b0 <= 3) {
                expected = PacketKind.STUN;
            } else if (b0 >= 20 && b0 <= 63) {
                expected = PacketKind.DTLS;
            } else if (b0 >= 128 && b0 <= 191) {
                expected = PacketKind.RTP;
            } else {
                expected = PacketKind.UNKNOWN; // ZRTP 16-19, TURN channels 64-79, QUIC, anything else
            }
            assertEquals(expected, classify(new byte[] {(byte) b0, 0, 0, 0}, false), "first byte " + b0);
        }
    }

    @Test
    void rtcpIsTheSecondByteRange192To223() {
        for (int b1 = 0; b1 < 256; b1++) {
            PacketKind expected = b1 >= 192 && b1 <= 223 ? PacketKind.RTCP : PacketKind.RTP;
            assertEquals(expected, classify(new byte[] {(byte) 0x80, (byte) b1, 0, 0}, false), "second byte " + b1);
        }
        for (int type = 200; type <= 207; type++) { // SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR
            assertEquals(PacketKind.RTCP, classify(new byte[] {(byte) 0x81, (byte) type, 0, 1}, false), "type " + type);
        }
    }

    @Test
    void realPacketsGoWhereTheyBelong() {
        assertEquals(PacketKind.STUN, classify(hex(STUN_BINDING_REQUEST), false));
        assertEquals(PacketKind.DTLS, classify(hex(DTLS_CLIENT_HELLO), false));
        assertEquals(PacketKind.RTP, classify(hex(RTP_PCMU), false));
        assertEquals(PacketKind.RTP, classify(hex(RTP_EVENT_MARKER), false));
        assertEquals(PacketKind.RTCP, classify(hex(RTCP_RR_SDES), false));
        assertEquals(PacketKind.UNKNOWN, classify(new byte[] {(byte) 0x80}, false), "too short to tell");
        assertEquals(PacketKind.UNKNOWN, classify(new byte[0], false));
    }

    @Test
    void countsWhatItPassesAndWhyItDrops() {
        classify(hex(RTP_PCMU), false);
        classify(hex(RTP_PCMU), true); // RTP on the RTCP port goes on to the RTP path as before
        classify(hex(RTCP_RR_SDES), true);
        classify(hex(RTCP_RR_SDES), false);
        classify(hex(STUN_BINDING_REQUEST), true);
        classify(hex(DTLS_CLIENT_HELLO), true);
        classify(new byte[] {0x40, 0}, false);
        PacketKind stun = classify(hex(STUN_BINDING_REQUEST), false);
        demux.unclaimed(stun);
        PacketKind dtls = classify(hex(DTLS_CLIENT_HELLO), false);
        demux.unclaimed(dtls);

        assertEquals(9, demux.in());
        assertEquals(2, demux.rtp());
        assertEquals(2, demux.rtcp());
        assertEquals(4, demux.out());
        assertEquals(Map.of("stun", 1L, "dtls", 1L, "unknown", 1L, "not-rtp-or-rtcp", 2L),
                demux.counters().dropped());
        assertEquals("receive/demux", demux.counters().node());
    }

    private PacketKind classify(byte[] datagram, boolean controlPort) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            return demux.classify(buf, controlPort);
        } finally {
            buf.release();
        }
    }

    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s);
    }
}

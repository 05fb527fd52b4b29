package io.switchboard.sip.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipStreamDecoderTest {
    private static final String MSG = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
    private final TrafficCounters counters = new TrafficCounters();

    private EmbeddedChannel channel(int maxHeader, int maxBody) {
        return new EmbeddedChannel(new SipStreamDecoder(new TransportLimits(65_507, maxHeader, maxBody, 100, 100, 0), counters));
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesMessagesSplitAndCoalescedAcrossReads() {
        EmbeddedChannel ch = channel(16_384, 1000);
        String two = "\r\n\r\n" + MSG + MSG;
        ch.writeInbound(buf(two.substring(0, 10)));
        assertNull(ch.readInbound());
        ch.writeInbound(buf(two.substring(10, 60)));
        ch.writeInbound(buf(two.substring(60)));
        assertArrayEquals(MSG.getBytes(StandardCharsets.ISO_8859_1), (byte[]) ch.readInbound());
        assertArrayEquals(MSG.getBytes(StandardCharsets.ISO_8859_1), (byte[]) ch.readInbound());
        assertNull(ch.readInbound());
        io.netty.buffer.ByteBuf pong = ch.readOutbound(); // the leading CRLFCRLF was a keepalive ping
        assertEquals(2, pong.readableBytes());
        pong.release();
        assertFalse(ch.finish());
        assertEquals(1, counters.keepalives.sum());
    }

    @Test
    void missingContentLengthMeansNoBody() {
        EmbeddedChannel ch = channel(16_384, 1000);
        ch.writeInbound(buf("OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\n\r\n"));
        assertEquals("OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\n\r\n",
                new String((byte[]) ch.readInbound(), StandardCharsets.ISO_8859_1));
        assertFalse(ch.finish());
    }

    @Test
    void oversizedBodyClosesTheConnection() {
        EmbeddedChannel ch = channel(16_384, 4);
        ch.writeInbound(buf(MSG));
        assertNull(ch.readInbound());
        assertFalse(ch.isActive());
        assertEquals(1, counters.connectionsClosedForFraming.sum());
        assertFalse(ch.finish());
    }

    @Test
    void endlessHeaderBlockClosesTheConnection() {
        EmbeddedChannel ch = channel(300, 1000);
        ch.writeInbound(buf("OPTIONS sip:a SIP/2.0\r\n" + "X: y\r\n".repeat(100)));
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }

    @Test
    void garbageContentLengthClosesTheConnection() {
        EmbeddedChannel ch = channel(16_384, 1000);
        ch.writeInbound(buf("OPTIONS sip:a SIP/2.0\r\nContent-Length: -1\r\n\r\n"));
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }

    /** RFC 4475 section 3.3.9: two Content-Lengths frame the stream two ways; answer 400, then close. */
    @Test
    void duplicateContentLengthIsHandedUpToBeAnsweredThenTheConnectionClosed() {
        java.util.List<Object> events = new java.util.ArrayList<>();
        EmbeddedChannel ch = channel(16_384, 1000);
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        ch.writeInbound(buf(MSG + "OPTIONS sip:a SIP/2.0\r\nContent-Length: 13\r\nl: 5\r\n\r\nhello"));
        assertArrayEquals(MSG.getBytes(StandardCharsets.ISO_8859_1), (byte[]) ch.readInbound());
        assertNull(ch.readInbound());
        SipStreamDecoder.UnframeableRequest bad = (SipStreamDecoder.UnframeableRequest) events.get(0);
        assertEquals(400, bad.status());
        assertEquals("Duplicate Content-Length header", bad.reason());
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }

    @Test
    void doubleCrlfPingGetsACrlfPong() {
        EmbeddedChannel ch = channel(16_384, 1000);
        ch.writeInbound(buf("\r\n\r\n"));
        io.netty.buffer.ByteBuf pong = ch.readOutbound();
        assertEquals("\r\n", pong.toString(StandardCharsets.ISO_8859_1));
        pong.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }
}

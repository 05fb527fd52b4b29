package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.PacketKind;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.NegotiatedAudio;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each node of the receive path drops what is its to drop, under its own reason, passes the rest on, and
 * every datagram ends exactly once (released by the node that dropped it, or owned by the consumer).
 */
class ReceivePathTest {
    private static final long S = 1_000_000_000L;
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress PEER_RTCP = new InetSocketAddress("192.0.2.10", 40001);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("203.0.113.66", 5004);

    private final RecordingTransport transport = new RecordingTransport();
    private final ReceivePath path = new ReceivePath("ep", transport, new RtcpSession("test", 0), 0xAAAAL, 0);
    private final List<ByteBuf> fed = new ArrayList<>();
    private final List<String> consumed = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();

    ReceivePathTest() {
        path.setConsumer((packet, event, codec, arrival) -> {
            consumed.add((event ? "event " : "audio ") + codec + " seq " + RtpHeader.sequence(packet));
            packet.release();
        });
        path.addObserver((packet, event, codec, arrival) -> observed.add("seq " + RtpHeader.sequence(packet)));
    }

    @Test
    void eachNodeDropsUnderItsOwnReasonAndTheRestReachesTheConsumer() {
        feed(rtp(0, 1), PEER, false, 0); // no remote description yet
        path.configure(audio(Direction.SENDRECV), PEER, 0, 2 * S);
        feed(rtp(0, 2), PEER, false, S / 10);
        feed(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 3}), PEER, false, S / 10); // shorter than a header
        feed(rtp(0, 4), STRANGER, false, S / 10);
        feed(rtp(13, 5), PEER, false, S / 10); // comfort noise, not negotiated
        feed(rtp(101, 6), PEER, false, S / 10);
        feed(datagram(0x00, 0x01), PEER, false, S / 10); // STUN Binding request
        feed(datagram(0x16, 0xFE), PEER, false, S / 10); // DTLS handshake record
        feed(datagram(0x40, 0x00), PEER, false, S / 10); // TURN channel data: not ours
        feed(rtcpReceiverReport(), PEER_RTCP, true, S / 10);
        feed(rtcpReceiverReport(), STRANGER, true, S / 10);
        path.setConsumer(null);
        feed(rtp(0, 7), PEER, false, S / 10);

        assertEquals(List.of("audio PCMA seq 2", "event PCMA seq 6"), consumed);
        assertEquals(List.of("seq 2", "seq 6", "seq 7"), observed);
        assertEquals(PEER, transport.pinnedTo, "the latch settled on the signalled address");
        assertEquals(List.of(PacketKind.STUN, PacketKind.DTLS), transport.handshakes);
        Map<String, PathNodeCounters> nodes = byName(path.counters());
        assertNode(nodes, "receive/demux", 12, 9, Map.of("stun", 1L, "dtls", 1L, "unknown", 1L, "not-rtp-or-rtcp", 0L));
        assertNode(nodes, "receive/validate", 7, 5, Map.of("not-ready", 1L, "malformed", 1L));
        assertNode(nodes, "receive/latch", 5, 4, Map.of("foreign-source", 1L));
        assertNode(nodes, "receive/payload", 4, 3, Map.of("not-negotiated", 1L));
        assertNode(nodes, "receive/stats", 3, 3, Map.of("not-receiving", 0L));
        assertNode(nodes, "receive/observers", 3, 3, Map.of());
        assertNode(nodes, "receive/consumer", 3, 2, Map.of("no-consumer", 1L));
        assertNode(nodes, "receive/rtcp", 2, 1, Map.of("foreign-host", 1L));
        assertEquals(3, path.packetsIn());
        assertEquals(1, path.rtcpIn());
        assertEquals(3 + 2 + 1, path.invalid(), "demux, validation and foreign RTCP drops");
        assertAllReleased();
    }

    @Test
    void aLegThatDoesNotReceiveIsMeasuredButHeardByNobody() {
        path.configure(audio(Direction.SENDONLY), PEER, 0, 2 * S);
        feed(rtp(0, 1), PEER, false, S / 10);
        feed(rtp(0, 2), PEER, false, S / 10);
        assertEquals(List.of(), consumed);
        assertEquals(List.of(), observed);
        assertEquals(2, path.packetsIn());
        assertNode(byName(path.counters()), "receive/stats", 2, 0, Map.of("not-receiving", 2L));
        assertAllReleased();
    }

    @Test
    void aFailingObserverIsCountedAndThePacketGoesOn() {
        path.addObserver((packet, event, codec, arrival) -> {
            throw new IllegalStateException("observer bug");
        });
        path.configure(audio(Direction.SENDRECV), PEER, 0, 2 * S);
        feed(rtp(0, 1), PEER, false, S / 10);
        assertEquals(List.of("audio PCMA seq 1"), consumed);
        assertAllReleased();
    }

    @Test
    void aNewAddressRestartsTheLatchAndUnpinsTheTransport() {
        path.configure(audio(Direction.SENDRECV), PEER, 0, 2 * S);
        feed(rtp(0, 1), PEER, false, S / 10);
        assertEquals(PEER, transport.pinnedTo);
        path.configure(audio(Direction.SENDRECV), STRANGER, 5 * S, 2 * S);
        assertNull(transport.pinnedTo);
        assertNull(path.latchedSource());
        feed(rtp(0, 2), STRANGER, false, 5 * S + S / 10);
        assertEquals(STRANGER, transport.pinnedTo);
        assertAllReleased();
    }

    private void feed(ByteBuf datagram, InetSocketAddress from, boolean controlPort, long nowNanos) {
        fed.add(datagram);
        path.receive(datagram, from, controlPort, nowNanos);
    }

    private void assertAllReleased() {
        for (int i = 0; i < fed.size(); i++) {
            assertEquals(0, fed.get(i).refCnt(), "datagram " + i + " was released exactly once");
        }
    }

    private static void assertNode(Map<String, PathNodeCounters> nodes, String name, long in, long out,
            Map<String, Long> dropped) {
        PathNodeCounters n = nodes.get(name);
        assertEquals(in, n.in(), name + " in");
        assertEquals(out, n.out(), name + " out");
        assertEquals(dropped, n.dropped(), name + " dropped");
    }

    static Map<String, PathNodeCounters> byName(List<PathNodeCounters> list) {
        Map<String, PathNodeCounters> m = new LinkedHashMap<>();
        list.forEach(n -> m.put(n.node(), n));
        return m;
    }

    /** PCMA as payload type 8 would be usual; 0 here keeps the law and the number apart in the assertions. */
    private static NegotiatedAudio audio(Direction local) {
        return new NegotiatedAudio(0, AudioCodec.PCMA, 0, 101, PEER.getAddress().getHostAddress(), PEER.getPort(),
                false, PEER_RTCP.getPort(), Direction.SENDRECV, local, -1);
    }

    static ByteBuf rtp(int payloadType, int seq) {
        ByteBuf p = Unpooled.buffer(RtpHeader.FIXED_SIZE + 160);
        RtpHeader.write(p, false, payloadType, seq, 160L * seq, 0x5EED);
        p.writeZero(160);
        return p;
    }

    private static ByteBuf datagram(int b0, int b1) {
        return Unpooled.wrappedBuffer(new byte[] {(byte) b0, (byte) b1, 0, 0, 0, 0, 0, 0});
    }

    private static ByteBuf rtcpReceiverReport() {
        return Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0x5E, (byte) 0xED});
    }
}

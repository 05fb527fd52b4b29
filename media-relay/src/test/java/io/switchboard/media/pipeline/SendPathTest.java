package io.switchboard.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.NegotiatedAudio;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each node of the send path counts what it passes and drops, and the packet leaves as this leg speaks it. */
class SendPathTest {
    private static final long S = 1_000_000_000L;
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 40000);
    private static final Object BRIDGE = new Object();
    private static final Object PLAYER = new Object();

    private final RecordingTransport transport = new RecordingTransport();
    private final ReceivePath receive = new ReceivePath("ep", transport, new RtcpSession("test", 0), 0xAAAAL, 0);
    private final SendPath send = new SendPath("ep", transport, receive, 0xAAAAL);
    private final List<ByteBuf> given = new ArrayList<>();
    private final List<String> tapped = new ArrayList<>();

    @Test
    void eachNodeCountsAndThePacketLeavesInThisLegsLawAndNumbers() {
        send(AudioCodec.PCMU, BRIDGE, SourcePriority.RELAY); // no remote description yet
        NegotiatedAudio pcma = audio(Direction.SENDRECV, true);
        receive.configure(pcma, PEER, 0, 2 * S);
        send.configure(pcma);
        send.setSentAudioObserver((packet, event, codec, now) -> tapped.add(codec + " pt "
                + RtpHeader.payloadType(packet)));
        send(AudioCodec.PCMU, BRIDGE, SourcePriority.RELAY); // transcoded to PCMA
        send(AudioCodec.PCMA, BRIDGE, SourcePriority.RELAY);
        send(null, BRIDGE, SourcePriority.RELAY); // an RFC 4733 event
        send.claim(SourcePriority.PLAYER);
        send(AudioCodec.PCMA, BRIDGE, SourcePriority.RELAY); // muted by the prompt
        send(AudioCodec.PCMA, PLAYER, SourcePriority.PLAYER);
        send.unclaim(SourcePriority.PLAYER);

        assertEquals(4, transport.sent.size());
        byte[] first = transport.sent.get(0).bytes();
        assertEquals(8, first[1] & 0x7F, "PCMA's payload type");
        assertEquals(G711.ulawToAlaw((byte) 0x7F), first[RtpHeader.FIXED_SIZE], "transcoded in place");
        assertEquals(96, transport.sent.get(2).bytes()[1] & 0x7F, "this leg's telephone-event number");
        assertEquals(PEER, transport.sent.get(0).to());
        assertEquals(List.of("PCMA pt 8", "PCMA pt 8", "PCMA pt 8"), tapped, "audio only, as it leaves");

        Map<String, PathNodeCounters> nodes = ReceivePathTest.byName(send.counters());
        assertNode(nodes, "send/priority", 6, 4, Map.of("not-ready", 1L, "no-destination", 0L, "not-sending", 0L,
                "muted", 1L));
        assertNode(nodes, "send/payload-map", 4, 4, Map.of("no-telephone-event", 0L));
        assertNode(nodes, "send/transcode", 4, 4, Map.of());
        assertNode(nodes, "send/rewrite", 4, 4, Map.of());
        assertNode(nodes, "send/taps", 3, 3, Map.of());
        assertNode(nodes, "send/wire", 4, 4, Map.of());
        assertEquals(4, send.packetsOut());
        assertEquals(2, send.dropped());
        assertAllReleased();
    }

    @Test
    void eventsToAPeerWithoutTelephoneEventAndSendsAgainstTheDirectionAreDropped() {
        NegotiatedAudio noEvents = audio(Direction.SENDRECV, false);
        receive.configure(noEvents, PEER, 0, 2 * S);
        send.configure(noEvents);
        send(null, BRIDGE, SourcePriority.DTMF);
        NegotiatedAudio recvonly = audio(Direction.RECVONLY, true);
        receive.configure(recvonly, PEER, 0, 2 * S);
        send.configure(recvonly);
        send(AudioCodec.PCMA, BRIDGE, SourcePriority.RELAY);
        NegotiatedAudio held = audio(Direction.SENDRECV, true);
        receive.configure(held, null, 0, 2 * S); // a hold address: nowhere to send
        send.configure(held);
        send(AudioCodec.PCMA, BRIDGE, SourcePriority.RELAY);

        assertTrue(transport.sent.isEmpty());
        Map<String, PathNodeCounters> nodes = ReceivePathTest.byName(send.counters());
        assertEquals(Map.of("not-ready", 0L, "no-destination", 1L, "not-sending", 1L, "muted", 0L),
                nodes.get("send/priority").dropped());
        assertEquals(Map.of("no-telephone-event", 1L), nodes.get("send/payload-map").dropped());
        assertEquals(3, send.dropped());
        assertAllReleased();
    }

    private void send(AudioCodec law, Object source, int priority) {
        ByteBuf p = Unpooled.buffer(RtpHeader.FIXED_SIZE + 160);
        RtpHeader.write(p, false, law == null ? 101 : law.staticPayloadType(), given.size(), 160L * given.size(),
                0x5EED);
        for (int i = 0; i < 160; i++) {
            p.writeByte(0x7F);
        }
        given.add(p);
        send.send(p, law, source, priority, 160);
    }

    private void assertAllReleased() {
        for (int i = 0; i < given.size(); i++) {
            assertEquals(0, given.get(i).refCnt(), "packet " + i + " was released exactly once");
        }
    }

    private static void assertNode(Map<String, PathNodeCounters> nodes, String name, long in, long out,
            Map<String, Long> dropped) {
        PathNodeCounters n = nodes.get(name);
        assertEquals(in, n.in(), name + " in");
        assertEquals(out, n.out(), name + " out");
        assertEquals(dropped, n.dropped(), name + " dropped");
    }

    /** PCMA as payload type 8, and the peer's telephone-event as 96 when {@code events}. */
    private static NegotiatedAudio audio(Direction local, boolean events) {
        return new NegotiatedAudio(0, AudioCodec.PCMA, 8, events ? 96 : -1, PEER.getAddress().getHostAddress(),
                PEER.getPort(), false, PEER.getPort() + 1, Direction.SENDRECV, local, -1);
    }
}

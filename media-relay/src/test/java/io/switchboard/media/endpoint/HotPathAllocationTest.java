package io.switchboard.media.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.util.ResourceLeakDetector;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.bridge.RtpBridge;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.dtmf.InbandDtmfObserver;
import io.switchboard.media.dtmf.Rfc4733Receiver;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.transport.PlainRtpTransport;
import io.switchboard.testkit.FreePorts;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay hot path allocates nothing per packet: every node of the receive path (demux, validation, latch,
 * payload filter, statistics, RFC 4733 and in-band DTMF observers, the bridge as consumer) and of the send
 * path (priority, payload map, PCMU->PCMA transcoding, stream rewriting, a sent-audio tap, wire) and the
 * plain transport's pooled envelope, measured with the JVM's per-thread allocation counter on the endpoint's
 * event loop. The write into Netty's native send is
 * measured too and printed: Netty's epoll sendto copies the destination address per datagram (56 bytes),
 * which is outside our code; once the socket is connected to the settled peer, the send allocates nothing.
 */
class HotPathAllocationTest {
    private static final int PACKETS = 20_000;
    /** What the sent-audio tap read, so the JIT cannot drop the read. */
    private static final long[] TAPPED = new long[1];

    @Test
    void bridgingAPacketAllocatesNothing() throws Exception {
        int base = FreePorts.udpRange(8);
        InetAddress lo = InetAddress.getLoopbackAddress();
        MediaRelaySettings settings = new MediaRelaySettings(lo, "127.0.0.1", base, base + 7, Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(2), Path.of("/tmp"), 1);
        try (MediaLoops loops = MediaLoops.start(1, true);
                DatagramChannel sink = DatagramChannel.open()) {
            sink.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16);
            sink.bind(new InetSocketAddress(lo, 0));
            InetSocketAddress caller = new InetSocketAddress(lo, 9); // signalled caller address (never sent to)
            InetSocketAddress agent = (InetSocketAddress) sink.getLocalAddress();
            EndpointFactory factory = new EndpointFactory(loops, new RangePortAllocator(base, base + 7), settings);
            EndpointListener none = e -> { };
            RtpEndpoint a = factory.create("a", "call", true, none).get(5, TimeUnit.SECONDS);
            RtpEndpoint b = factory.create("b", "call", true, none).get(5, TimeUnit.SECONDS);
            RtpBridge bridge = a.loop().submit(() -> {
                a.applyRemote(audio(AudioCodec.PCMU, 0, 101, caller), caller);
                b.applyRemote(audio(AudioCodec.PCMA, 8, 96, agent), agent);
                Rfc4733Receiver rfc = new Rfc4733Receiver((d, s) -> { });
                a.addObserver(rfc);
                InbandDtmfObserver inband = new InbandDtmfObserver((d, s) -> { }, rfc);
                inband.setEnabled(true); // the costlier case: a digit collection is running
                a.addObserver(inband);
                b.setSentAudioObserver((packet, event, codec, now) -> TAPPED[0] += packet.getByte(packet.readerIndex()));
                return RtpBridge.connect(a, b);
            }).get(5, TimeUnit.SECONDS);
            long unconnected = a.loop().submit(() -> {
                run(a, caller, 0, PACKETS); // warm-up through the socket: JIT, pools, envelope free list
                return measure(a, caller, PACKETS);
            }).get(60, TimeUnit.SECONDS);
            // one packet from the agent settles b's latch, and b's socket is connected to the agent
            byte[] fromAgent = new byte[RtpHeader.FIXED_SIZE + 160];
            fromAgent[0] = (byte) 0x80;
            fromAgent[1] = 8;
            sink.send(java.nio.ByteBuffer.wrap(fromAgent), b.localAddress());
            for (int i = 0; i < 100 && a.loop().submit(b::latchedSource).get(5, TimeUnit.SECONDS) == null; i++) {
                Thread.sleep(10);
            }
            long[] result = a.loop().submit(() -> {
                run(a, caller, 2 * PACKETS, PACKETS); // warm-up of the connected send
                long connected = measure(a, caller, 3 * PACKETS);
                testWire(b);
                b.applyRemote(audio(AudioCodec.PCMA, 8, 96, agent), agent); // same address: stays connected
                return new long[] {connected};
            }).get(60, TimeUnit.SECONDS);
            long connected = result[0];
            // the test wire replaces only the unconnected send, so measure it on a fresh, unsettled endpoint
            RtpEndpoint c = factory.create("c", "call", true, none).get(5, TimeUnit.SECONDS);
            result = a.loop().submit(() -> {
                c.applyRemote(audio(AudioCodec.PCMA, 8, 96, agent), agent);
                testWire(c);
                bridge.disconnect();
                RtpBridge toC = RtpBridge.connect(a, c);
                run(a, caller, 4 * PACKETS, PACKETS); // warm-up of the test wire
                long ours = measure(a, caller, 5 * PACKETS);
                long releaseOnly = measureRelease(a);
                return new long[] {ours, releaseOnly, toC.relayedAtoB(), c.statistics().packetsOut(),
                        bridge.relayedAtoB(), b.statistics().packetsOut()};
            }).get(60, TimeUnit.SECONDS);
            EndpointStatistics received = a.loop().submit(a::statistics).get(5, TimeUnit.SECONDS);
            System.out.printf("hot path: %.3f bytes/packet in the relay path, %.3f bytes/packet including Netty's"
                    + " native send on an unconnected socket, %.3f on a connected one, %.3f bytes/packet for the"
                    + " pooled allocator's own release bookkeeping (%d packets each)%n", result[0] / (double) PACKETS,
                    unconnected / (double) PACKETS, connected / (double) PACKETS, result[1] / (double) PACKETS,
                    PACKETS);
            assertEquals(2L * PACKETS, result[2], "every packet was relayed to c");
            assertEquals(2L * PACKETS, result[3], "every packet was sent by c");
            assertEquals(4L * PACKETS, result[4], "every packet was relayed to b");
            assertEquals(4L * PACKETS, result[5], "every packet was sent by b");
            // every node of a's receive path saw every packet and dropped none
            for (PathNodeCounters node : received.path()) {
                if (node.node().startsWith("receive/") && !node.node().equals("receive/rtcp")) {
                    assertEquals(6L * PACKETS, node.in(), node.node() + " saw every packet");
                    assertEquals(6L * PACKETS, node.out(), node.node() + " dropped " + node.dropped());
                }
            }
            // Releasing pooled buffers costs the allocator about one byte per buffer (amortised bookkeeping);
            // beyond that our path may add at most 2 KB in total, far below one object per packet (16+ bytes).
            long beyondAllocator = result[0] - result[1];
            assertTrue(beyondAllocator < 2048, "relay path allocated " + beyondAllocator + " bytes beyond the"
                    + " allocator's release cost for " + PACKETS + " packets");
            assertTrue(connected - result[1] < 2048, "the connected send allocated " + connected + " bytes for "
                    + PACKETS + " packets");
            factory.destroy(a).get(5, TimeUnit.SECONDS);
            factory.destroy(b).get(5, TimeUnit.SECONDS);
            factory.destroy(c).get(5, TimeUnit.SECONDS);
        }
    }

    /** Replaces the unconnected socket write of {@code e}'s plain transport with a release. */
    private static void testWire(RtpEndpoint e) {
        ((PlainRtpTransport) e.transport()).wireForTest(AddressedEnvelope::release);
    }

    /** Bytes allocated on this thread while {@code count} prepared packets go through the receive path. */
    private static long measure(RtpEndpoint a, InetSocketAddress from, int firstSeq) {
        List<ByteBuf> batch = packets(a, firstSeq, PACKETS);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (ByteBuf p : batch) {
            a.receive(p, from, false, System.nanoTime());
        }
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    /** Bytes allocated on this thread just releasing {@link #PACKETS} prepared pooled packets. */
    private static long measureRelease(RtpEndpoint a) {
        List<ByteBuf> batch = packets(a, 0, PACKETS);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (ByteBuf p : batch) {
            p.release();
        }
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    private static NegotiatedAudio audio(AudioCodec codec, int pt, int eventPt, InetSocketAddress remote) {
        return new NegotiatedAudio(0, codec, pt, eventPt, remote.getAddress().getHostAddress(), remote.getPort(), false,
                remote.getPort() + 1, Direction.SENDRECV, Direction.SENDRECV, -1);
    }

    private static void run(RtpEndpoint a, InetSocketAddress from, int firstSeq, int count) {
        for (ByteBuf p : packets(a, firstSeq, count)) {
            a.receive(p, from, false, System.nanoTime());
        }
    }

    /**
     * Pooled packets of speech-level noise built outside the measurement, without leak tracking: paranoid
     * leak detection records a stack trace on every buffer access, which is test-only allocation.
     */
    private static List<ByteBuf> packets(RtpEndpoint a, int firstSeq, int count) {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            List<ByteBuf> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ByteBuf p = a.alloc().directBuffer(RtpHeader.FIXED_SIZE + 160);
                RtpHeader.write(p, false, 0, (firstSeq + i) & 0xFFFF, 160L * (firstSeq + i), 0x5EED);
                for (int s = 0; s < 160; s++) {
                    p.writeByte(G711.linearToUlaw((int) (Math.sin(i * 160 + s) * 3000)));
                }
                list.add(p);
            }
            return list;
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }
}

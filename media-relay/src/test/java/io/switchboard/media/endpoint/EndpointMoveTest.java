package io.switchboard.media.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An endpoint moving between two real media loops: its timers, its socket, work handed over meanwhile, close. */
class EndpointMoveTest {
    private MediaLoops loops;
    private RangePortAllocator ports;
    private EndpointFactory factory;

    @BeforeEach
    void start() {
        int base = FreePorts.udpRange(8);
        MediaRelaySettings settings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1", base,
                base + 7, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(2), Path.of("/tmp"), 2);
        loops = MediaLoops.start(2, true);
        ports = new RangePortAllocator(base, base + 7);
        factory = new EndpointFactory(loops, ports, settings);
    }

    @AfterEach
    void stop() {
        loops.close();
    }

    /** A call key whose endpoints start on loop {@code index}. */
    private static String keyOnLoop(int index) {
        for (int i = 0; ; i++) {
            if (MediaLoops.indexFor("k" + i, 2) == index) {
                return "k" + i;
            }
        }
    }

    @Test
    void timersWorkAndTheSocketFollowTheEndpointToItsNewLoop() throws Exception {
        RtpEndpoint e = factory.create("e", keyOnLoop(0), false, x -> { }).get(5, TimeUnit.SECONDS);
        RtpEndpoint other = factory.create("o", keyOnLoop(1), false, x -> { }).get(5, TimeUnit.SECONDS);
        EventLoop from = e.loop();
        EventLoop to = other.loop();
        LinkedBlockingQueue<EventLoop> periodic = new LinkedBlockingQueue<>();
        CompletableFuture<EventLoop> once = new CompletableFuture<>();
        CompletableFuture<Void> moved = onLoop(from, () -> {
            e.schedule(() -> periodic.add(current(from, to)), 20, 20, TimeUnit.MILLISECONDS);
            e.schedule(() -> once.complete(current(from, to)), 300, 0, TimeUnit.MILLISECONDS);
            return factory.move(e, to);
        }).get(5, TimeUnit.SECONDS);
        CompletableFuture<EventLoop> handedOver = new CompletableFuture<>();
        e.execute(() -> handedOver.complete(current(from, to))); // queued on the old loop, runs on the new one
        moved.get(5, TimeUnit.SECONDS);

        assertSame(to, e.loop());
        assertSame(to, handedOver.get(5, TimeUnit.SECONDS));
        assertSame(to, once.get(5, TimeUnit.SECONDS), "the one-shot timer fired once, on the new loop");
        EventLoop last = null;
        for (int i = 0; i < 20; i++) {
            last = periodic.poll(5, TimeUnit.SECONDS);
        }
        assertSame(to, last, "the periodic timer ticks on the new loop");
        assertEquals(RtpEndpoint.State.OPEN, onLoop(to, e::state).get(5, TimeUnit.SECONDS));

        // the socket reads on the new loop: a datagram reaches the receive path there
        onLoop(to, () -> {
            e.setConsumer((packet, event, codec, arrival) -> packet.release());
            return null;
        }).get(5, TimeUnit.SECONDS);
        try (DatagramChannel peer = DatagramChannel.open()) {
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            peer.send(ByteBuffer.wrap(rtp), new InetSocketAddress(InetAddress.getLoopbackAddress(), e.port()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long in = 0;
            while (in == 0 && System.nanoTime() < deadline) {
                in = onLoop(to, () -> e.statistics().path().get(0).in()).get(5, TimeUnit.SECONDS);
            }
            assertTrue(in > 0, "the moved socket delivered the datagram");
        }
        factory.destroy(e).get(5, TimeUnit.SECONDS);
        factory.destroy(other).get(5, TimeUnit.SECONDS);
        assertEquals(0, ports.inUse());
    }

    @Test
    void anEndpointDestroyedWhileItMovesReleasesItsPortAndTheMoveFails() throws Exception {
        RtpEndpoint e = factory.create("e", keyOnLoop(0), true, x -> { }).get(5, TimeUnit.SECONDS);
        EventLoop to = loops.loopFor(keyOnLoop(1));
        CompletableFuture<Void> released = new CompletableFuture<>();
        CompletableFuture<Void> moved = onLoop(e.loop(), () -> {
            CompletableFuture<Void> m = factory.move(e, to);
            e.close(() -> { // as destroy does, while the sockets are still leaving the old loop
                ports.release(e.port());
                released.complete(null);
            });
            return m;
        }).get(5, TimeUnit.SECONDS);
        released.get(5, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> moved.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IllegalStateException, failed.toString());
        assertTrue(e.isClosed());
        assertEquals(0, ports.inUse());
    }

    /** Which of the two loops runs the caller. */
    private static EventLoop current(EventLoop a, EventLoop b) {
        return a.inEventLoop() ? a : b.inEventLoop() ? b : null;
    }

    private static <T> CompletableFuture<T> onLoop(EventLoop loop, java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception ex) {
                result.completeExceptionally(ex);
            }
        });
        return result;
    }
}

package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of INVITEs from 127.0.0.2 (no trunk) while the trunk at 127.0.0.1 (SIPp) places calls. The flood is
 * paced to about 20,000 packets/s so that it floods the edge rather than starving SIPp of the machine's CPU.
 */
class FloodIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EdgeFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void trunkCallsCompleteWhileAnotherSourceFloods() throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread flooder = new Thread(() -> {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
                InetSocketAddress edge = new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                for (int i = 0; flooding.get() && i < 2_000_000 && System.nanoTime() < deadline; i++) {
                    byte[] b = ("INVITE sip:+15550100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKf"
                            + i + "\r\nFrom: <sip:x@127.0.0.2>;tag=f" + i + "\r\nTo: <sip:+15550100@127.0.0.1>\r\n"
                            + "Call-ID: flood-" + i + "\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(b, b.length, edge));
                    sent.incrementAndGet();
                    if (i % 200 == 199) {
                        Thread.sleep(10); // about 20,000 packets/s: 400 times the guard's rate, on a shared 2-core box
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "flooder");
        flooder.start();
        try {
            Thread.sleep(500);
            Sipp.Result r = Sipp.builtIn("uac").target("127.0.0.1", fixture.port).args("-s", "+15550100")
                    .calls(50).rate(25).timeout(Duration.ofSeconds(30)).run(work);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(50, r.successfulCalls(), r.describe());
        } finally {
            flooding.set(false);
            flooder.join(5000);
        }
        long limited = fixture.metric("guard_rate_limited_total");
        long refused = fixture.metric("responses_sent_total{code=\"403\"}");
        assertTrue(sent.get() > 10_000, "the flood was real: " + sent.get());
        assertTrue(limited > 10_000, "the guard dropped the flood: " + fixture.metrics());
        // only the burst (100) and 50/s for at most 21 s got as far as a transaction and a 403
        assertTrue(refused <= 100 + 50 * 21, "403s " + refused + " within the source's rate");
    }
}

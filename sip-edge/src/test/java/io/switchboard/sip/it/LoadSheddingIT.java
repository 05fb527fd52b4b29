package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge whose core loop is behind sheds new calls with 503 and Retry-After, answered without the core, and takes
 * calls again once it has caught up. The core is held busy by a call handler that waits for the test (handlers
 * run on the core loop), and a few OPTIONS queue up behind it, beyond the backlog limit of 5.
 */
class LoadSheddingIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;
    private final CountDownLatch coreHeld = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void newCallsGet503WithRetryAfterWhileTheCoreIsBehindAndSucceedAfter() throws Exception {
        fixture = new EdgeFixture(s -> s.withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.REJECT_403)
                .withLimits(s.limits().withLoadShedding(5, Duration.ofSeconds(7))),
                List.of(TrunkDefinition.inbound("sipp", "127.0.0.1/32")));
        fixture.behaviour.set(leg -> {
            coreHeld.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leg.reject(486);
        });
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress edge = new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port);
            send(socket, edge, "INVITE", 0);
            assertTrue(coreHeld.await(10, TimeUnit.SECONDS), "the first call reached the handler");
            for (int i = 1; i <= 20; i++) {
                send(socket, edge, "OPTIONS", i);
            }
            assertEquals(21, fixture.awaitMetric("messages_received_total", 21, Duration.ofSeconds(10)));
            // the OPTIONS beyond the limit are shed themselves, which keeps the backlog just over 5
            long shedOptions = fixture.metric("load_shed_503_total");
            assertTrue(shedOptions >= 10, fixture.metrics().toString());

            Sipp.Result shed = sipp("uac_shed", 10);
            assertEquals(0, shed.exitCode(), shed.describe());
            assertEquals(10, shed.successfulCalls(), shed.describe());
            assertEquals(shedOptions + 10, fixture.metric("load_shed_503_total"), fixture.metrics().toString());
            assertEquals(0, fixture.legs.stream().filter(l -> !l.callId().startsWith("shed-")).count(),
                    "no shed call reached the handler");

            release.countDown();
            fixture.behaviour.set(leg -> leg.answer(EdgeFixture.SDP));
            Sipp.Result after = Sipp.builtIn("uac").target("127.0.0.1", fixture.port).args("-s", "+15550100")
                    .calls(5).rate(10).timeout(Duration.ofSeconds(20)).run(work);
            assertEquals(0, after.exitCode(), after.describe());
            assertEquals(5, after.successfulCalls(), after.describe());
            assertEquals(shedOptions + 10, fixture.metric("load_shed_503_total"), "nothing shed once the core caught up");
        }
    }

    private Sipp.Result sipp(String scenario, int calls) throws Exception {
        Path xml = Path.of(getClass().getResource("/sipp/" + scenario + ".xml").toURI());
        return Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port).args("-s", "+15550100").calls(calls)
                .rate(20).timeout(Duration.ofSeconds(20)).name(scenario).run(work);
    }

    private static void send(DatagramSocket socket, InetSocketAddress edge, String method, int i) throws Exception {
        int port = socket.getLocalPort();
        byte[] b = (method + " sip:+15550100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + port
                + ";branch=z9hG4bKshed" + i + ";rport\r\nFrom: <sip:load@127.0.0.1>;tag=f" + i
                + "\r\nTo: <sip:+15550100@127.0.0.1>\r\nCall-ID: shed-" + i + "\r\nCSeq: 1 " + method
                + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(b, b.length, edge));
    }
}

package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.CallState;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge dials out through a trunk whose far end is a SIPp UAS scenario. */
class OutboundDialIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void startEdge(TrunkDefinition trunk) {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(500),
                List.of(trunk));
    }

    private CallLegListener recorder() {
        return new CallLegListener() {
            @Override
            public void onRinging() {
                events.add("ringing");
            }

            @Override
            public void onAnswered(String sdp) {
                events.add("answered " + sdp.contains("m=audio"));
            }

            @Override
            public void onFailed(int code, String reason) {
                events.add("failed " + code);
            }

            @Override
            public void onEnded(Party who, String why) {
                events.add("ended " + who + " " + why);
            }
        };
    }

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        return e == null ? "<nothing within 10 s>" : e;
    }

    private static Sipp.Result await(Sipp.Running uas) {
        return uas.awaitResult(Duration.ofSeconds(25));
    }

    @Test
    void dialledCallIsAnsweredAndHungUpByTheEdge() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), null, null));
        try (Sipp.Running uas = SippUas.listening(work, "uas_answer", port, "u1")) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next());
            assertEquals("answered true", next());
            assertEquals(CallState.ANSWERED, leg.state());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            Sipp.Result r = await(uas);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(1, r.successfulCalls(), r.describe());
        }
    }

    @Test
    void dialOverTcp() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port + ";transport=tcp"), null, null));
        try (Sipp.Running uas = SippUas.listening(work, "uas_answer", port, "t1")) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next());
            assertEquals("answered true", next());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            Sipp.Result r = await(uas);
            assertEquals(1, r.successfulCalls(), r.describe());
        }
    }

    @Test
    void digestChallengeIsAnswered() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), "trunkuser", "s3cret"));
        try (Sipp.Running uas = SippUas.listening(work, "uas_digest", port, "u1")) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next(), "SIPp verified our digest answer (else 403)");
            assertEquals("answered true", next());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            Sipp.Result r = await(uas);
            assertEquals(1, r.successfulCalls(), r.describe());
        }
    }

    @Test
    void wrongPasswordFailsWith403() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), "trunkuser", "wrong"));
        try (Sipp.Running uas = SippUas.listening(work, "uas_digest", port, "u1")) {
            fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("failed 403", next());
            assertTrue(next().startsWith("ended REMOTE failed 403"));
            await(uas);
        }
    }

    @Test
    void reliableRingingIsAcknowledgedWithOnePrackAndTheCallGoesOn() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), null, null));
        Sipp.Running uas = Sipp.scenarioFile(SippUas.scenario("uas_reliable_ringing")).localPort(port)
                .transport("u1").calls(1).timeout(Duration.ofSeconds(20)).name("reliable").traceMessages()
                .start(work).awaitListening(Duration.ofSeconds(10));
        try (uas) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next(), "the retransmitted 180 rings once");
            assertEquals("answered true", next());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            Sipp.Result r = await(uas);
            assertEquals(0, r.exitCode(), "SIPp got one PRACK with RAck 1 <cseq> INVITE: " + r.describe());
            assertEquals(1, r.successfulCalls(), r.describe());
            long prackCseq = cseqOf(uas, "PRACK ");
            long byeCseq = cseqOf(uas, "BYE ");
            assertTrue(byeCseq > prackCseq, "RFC 3261 section 12.2.1.1: the BYE's CSeq " + byeCseq
                    + " follows the PRACK's " + prackCseq);
        }
    }

    private static long cseqOf(Sipp.Running uas, String requestLine) {
        return uas.messages().stream().filter(m -> m.received() && m.startLine().startsWith(requestLine))
                .map(m -> Long.parseLong(m.header("CSeq").trim().split("\\s+")[0])).findFirst()
                .orElseThrow(() -> new AssertionError("no " + requestLine + "received"));
    }

    @Test
    void busyFailsWith486() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), null, null));
        try (Sipp.Running uas = SippUas.listening(work, "uas_busy", port, "u1")) {
            fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("failed 486", next());
            Sipp.Result r = await(uas);
            assertEquals(1, r.successfulCalls(), r.describe() + " (SIPp got our ACK for the 486)");
        }
    }

    @Test
    void failoverToTheNextDestinationOn503() throws Exception {
        int first = FreePorts.tcpAndUdp();
        int second = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + first, "127.0.0.1:" + second), null, null));
        try (Sipp.Running down = SippUas.listening(work, "uas_unavailable", first, "u1");
             Sipp.Running up = SippUas.listening(work, "uas_answer", second, "u1")) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next());
            assertEquals("answered true", next());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            assertEquals(1, await(down).successfulCalls());
            assertEquals(1, await(up).successfulCalls());
        }
    }

    @Test
    void hangUpWhileRingingCancels() throws Exception {
        int port = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + port), null, null));
        try (Sipp.Running uas = SippUas.listening(work, "uas_cancelled", port, "u1")) {
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("ringing", next());
            leg.hangUp();
            assertEquals("ended LOCAL CANCEL", next());
            Sipp.Result r = await(uas);
            assertEquals(1, r.successfulCalls(), r.describe());
        }
    }

    @Test
    void trunkCallLimitFailsWith503() throws Exception {
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:9"), null, null).withLimits(1, ""));
        fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, null);
        fixture.edge.dial("carrier", "+15557654322", "+15550100", EdgeFixture.SDP, recorder());
        assertEquals("failed 503", next());
    }

    @Test
    void keepaliveMarksADeadDestinationDownAndDialSkipsIt() throws Exception {
        int dead = FreePorts.tcpAndUdp();
        // the live destination is a second edge: it answers OPTIONS with 200 and the call at once
        try (EdgeFixture carrier = new EdgeFixture()) {
            fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(50),
                    List.of(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                            .withOutbound(List.of("127.0.0.1:" + dead, "127.0.0.1:" + carrier.port), null, null)
                            .withKeepalive(Duration.ofSeconds(1))));
            String deadMetric = "trunk_destination_up{trunk=\"carrier\",destination=\"127.0.0.1:" + dead + "\"}";
            // Timer F with T1 = 50 ms is 3.2 s
            assertEquals(0, fixture.awaitMetric(deadMetric, 0, Duration.ofSeconds(8)), fixture.metrics().toString());
            assertTrue(carrier.metric("requests_total{method=\"OPTIONS\"}") >= 1);
            long started = System.nanoTime();
            CallLeg leg = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, recorder());
            assertEquals("answered true", next());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(),
                    "no failover wait: the dead destination was skipped");
            assertEquals("+15557654321", carrier.legs.peek().called());
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next());
            assertEquals(1, carrier.awaitEnds("REMOTE BYE", 1));
        }
    }

    @Test
    void registersWithTheProviderAnsweringItsChallenge() throws Exception {
        int port = FreePorts.tcpAndUdp();
        try (Sipp.Running registrar = SippUas.listening(work, "uas_register", port, "u1")) {
            startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                    .withOutbound(List.of("127.0.0.1:" + port), "trunkuser", "s3cret")
                    .withRegistration(Duration.ofSeconds(60)));
            assertEquals(1, fixture.awaitMetric("trunk_registered{trunk=\"carrier\"}", 1, Duration.ofSeconds(5)),
                    fixture.metrics().toString());
            Sipp.Result r = await(registrar);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(1, r.successfulCalls(), r.describe() + " (SIPp verified our digest answer)");
        }
    }
}

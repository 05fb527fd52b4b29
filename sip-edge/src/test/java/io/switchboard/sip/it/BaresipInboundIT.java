package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallState;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * baresip, an independent UA, calls the edge (the edge answers, then hangs up with a BYE baresip accepts), and
 * is called by the edge through a trunk that points at it (baresip answers by itself).
 */
class BaresipInboundIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        PeerProcess.requireOnPath("baresip");
        fixture = new EdgeFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private int baresipPort;

    private Path config(String transport) throws Exception {
        return config(transport, "");
    }

    private Path config(String transport, String accountParams) throws Exception {
        Path dir = Files.createDirectories(work.resolve("baresip-" + transport));
        int port = FreePorts.tcpAndUdp();
        baresipPort = port;
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method poll",
                "sip_listen 127.0.0.1:" + port,
                "audio_source ausine,440",
                "ausrc_srate 48000",
                "auplay_srate 48000",
                "ausrc_channels 2",
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module ausine.so",
                "module aubridge.so",
                "module_app account.so",
                "module_app menu.so",
                "rtp_ports 41000-41100",
                ""));
        Files.writeString(dir.resolve("accounts"), "<sip:baresip@127.0.0.1;transport=" + transport
                + ">;regint=0;audio_codecs=PCMU" + accountParams + "\n");
        return dir;
    }

    private void callAndHangUpFromEdge(String transport) throws Exception {
        Path dir = config(transport);
        String uri = "sip:+15550100@127.0.0.1:" + fixture.port; // the account adds ;transport=
        fixture.behaviour.set(leg -> leg.answer(EdgeFixture.SDP));
        try (PeerProcess baresip = PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(),
                "-e", "/dial " + uri, "-t", "8"), dir, Map.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (fixture.legs.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, fixture.legs.size(), baresip.tail(40));
            CallLeg leg = fixture.legs.peek();
            assertEquals("+15550100", leg.called());
            assertTrue(leg.remoteSdp().contains("PCMU"), leg.remoteSdp());
            assertTrue(baresip.awaitOutput(l -> l.contains("Call established"), Duration.ofSeconds(5)),
                    baresip.tail(40));
            assertEquals(CallState.ANSWERED, leg.state());
            leg.hangUp();
            assertTrue(baresip.awaitOutput(l -> l.contains("session closed"), Duration.ofSeconds(5)), baresip.tail(40));
            assertEquals(1, fixture.awaitEnds("LOCAL BYE", 1));
            assertEquals(0, fixture.metric("calls_ack_timeout_total"));
            assertEquals(0, fixture.awaitMetric("client_transactions_active", 0, Duration.ofSeconds(8)),
                    "the BYE transaction completed: baresip answered it");
            assertEquals(0, fixture.metric("client_transaction_timeouts_total"));
        }
    }

    @Test
    void baresipCallsInOverUdp() throws Exception {
        callAndHangUpFromEdge("udp");
    }

    @Test
    void baresipCallsInOverTcp() throws Exception {
        callAndHangUpFromEdge("tcp");
    }

    @Test
    void edgeCallsBaresipThroughATrunk() throws Exception {
        Path dir = config("udp", ";answermode=auto");
        try (PeerProcess baresip = PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(), "-t", "10"),
                dir, Map.of())) {
            assertTrue(baresip.awaitOutput(l -> l.contains("baresip is ready") || l.contains("Populated"),
                    Duration.ofSeconds(5)), baresip.tail(20));
            fixture.close();
            fixture = new EdgeFixture(io.switchboard.sip.api.SipEdgeSettings.UnknownSourcePolicy.REJECT_403,
                    Duration.ofMillis(500), List.of(io.switchboard.sip.api.TrunkDefinition.inbound("desk", "127.0.0.1/32")
                            .withOutbound(List.of("127.0.0.1:" + baresipPort), null, null)));
            java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
            CallLeg leg = fixture.edge.dial("desk", "baresip", "+15550100", EdgeFixture.SDP,
                    new io.switchboard.sip.api.CallLegListener() {
                        @Override
                        public void onAnswered(String sdp) {
                            events.add("answered " + sdp.contains("PCMU"));
                        }

                        @Override
                        public void onFailed(int code, String reason) {
                            events.add("failed " + code);
                        }

                        @Override
                        public void onEnded(Party who, String why) {
                            events.add("ended " + who + " " + why);
                        }
                    });
            assertEquals("answered true", events.poll(10, java.util.concurrent.TimeUnit.SECONDS), baresip.tail(30));
            assertTrue(baresip.awaitOutput(l -> l.contains("Call established"), Duration.ofSeconds(5)),
                    baresip.tail(30));
            leg.hangUp();
            assertEquals("ended LOCAL BYE", events.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(baresip.awaitOutput(l -> l.contains("session closed"), Duration.ofSeconds(5)), baresip.tail(30));
            // the answered BYE leaves after Timer K (T4 = 5 s); unanswered it would stay until Timer F (32 s).
            // The INVITE client transaction stays in Accepted for Timer M (32 s): one transaction is left.
            assertEquals(1, fixture.awaitMetric("client_transactions_active", 1, Duration.ofSeconds(8)),
                    "baresip answered our BYE");
        }
    }
}

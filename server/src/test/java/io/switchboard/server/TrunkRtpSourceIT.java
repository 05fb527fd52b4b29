package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-trunk {@code rtpSource} on the packaged server. Two trunks carry calls to the demo DID: the demo
 * trunk (127.0.0.1) learns RTP sources ({@code learn}), a second trunk (127.0.0.3) takes only its SDP's address
 * ({@code sdp}). Each call's SDP names one RTP peer, and its audio comes from another port, as through a NAT
 * that rewrote the SIP but not the SDP: the learning trunk's call moves its prompts to the source that passed
 * learning; the strict trunk's call keeps them on the SDP's address, sends nothing to the other source and
 * counts every packet of it on {@code /metrics}.
 */
class TrunkRtpSourceIT {
    private static final String FOREIGN_SOURCE =
            "switchboard_media_packets_dropped_total{node=\"receive/latch\",reason=\"foreign-source\"}";

    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String original = Files.readString(yaml);
        String changed = original.replace("trunks:\n  - name: demo-trunk\n", """
                trunks:
                  - name: strict-carrier
                    rtpSource: sdp
                    inbound:
                      allowedSources: ["127.0.0.3/32"]
                  - name: demo-trunk
                    rtpSource: learn
                """);
        assertFalse(changed.equals(original), "the demo trunk changed shape");
        Files.writeString(yaml, changed);
        return instance;
    });
    @TempDir
    static Path work;

    /** SIPp calls the demo DID from {@code sipAddress} with an SDP naming {@code signalled}'s port. */
    private static Sipp.Running call(String name, String sipAddress, RtpPeer signalled) {
        return Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml")).name(name)
                .target("127.0.0.1", server.sipPort()).localIp(sipAddress)
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(signalled.port()))
                .calls(1).callDuration(Duration.ofSeconds(4)).timeout(Duration.ofSeconds(25)).start(work);
    }

    /** Sends the caller's audio from {@code source} to the relay until the call is over. */
    private static Thread talk(RtpPeer source, InetSocketAddress relay) {
        source.remote(relay);
        Thread talking = new Thread(() -> source.sendTone(400, 8000, Duration.ofSeconds(3), RtpPeer.PCMU), "talk");
        talking.setDaemon(true);
        talking.setUncaughtExceptionHandler((t, e) -> { }); // the peer closes under it when the test ends
        talking.start();
        return talking;
    }

    @Test
    void aLearningTrunkSendsToTheSourceThatPassedLearning() throws Exception {
        try (RtpPeer signalled = RtpPeer.open(); RtpPeer source = RtpPeer.open();
                Sipp.Running sipp = call("learn", "127.0.0.1", signalled)) {
            List<RtpPeer.Received> first = signalled.await(p -> p.payloadType() == RtpPeer.PCMU, 1,
                    Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "the welcome prompt did not start on the SDP's address\n"
                    + server.process().tail(40));
            Thread talking = talk(source, first.get(0).from());
            List<RtpPeer.Received> heard = source.await(p -> p.payloadType() == RtpPeer.PCMU, 50, Duration.ofSeconds(3));
            assertTrue(heard.size() >= 50, "the prompt did not move to the learned source: " + heard.size()
                    + " packets\n" + server.process().tail(40));
            // The window is measured by the learned source's own packets: 15 prompt packets are 300 ms of audio.
            signalled.clearReceived();
            source.clearReceived();
            assertTrue(source.await(p -> p.payloadType() == RtpPeer.PCMU, 15, Duration.ofSeconds(3)).size() >= 15,
                    "the prompt stopped reaching the learned source\n" + server.process().tail(40));
            assertEquals(0, signalled.received().size(), "the prompt still goes to the SDP's address too");
            talking.join(5000);
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, result.exitCode(), result.describe());
        }
    }

    @Test
    void aStrictTrunkNeverSendsToNorHearsAnotherSource() throws Exception {
        double droppedBefore = server.metric(FOREIGN_SOURCE);
        try (RtpPeer signalled = RtpPeer.open(); RtpPeer source = RtpPeer.open();
                Sipp.Running sipp = call("strict", "127.0.0.3", signalled)) {
            List<RtpPeer.Received> first = signalled.await(p -> p.payloadType() == RtpPeer.PCMU, 1,
                    Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "the welcome prompt did not start on the SDP's address\n"
                    + server.process().tail(40));
            Thread talking = talk(source, first.get(0).from());
            talking.join(5000);
            assertEquals(0, source.received().size(), "the relay sent to a source the strict trunk never takes");
            signalled.clearReceived();
            assertTrue(signalled.await(p -> p.payloadType() == RtpPeer.PCMU, 10, Duration.ofSeconds(2)).size() >= 10,
                    "the prompt left the SDP's address");
            // 3 s of 20 ms packets, all refused by the latch
            Await.until(FOREIGN_SOURCE + " grows by the caller's 150 packets", Duration.ofSeconds(5),
                    () -> server.metric(FOREIGN_SOURCE) - droppedBefore >= 150);
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, result.exitCode(), result.describe());
        }
    }
}

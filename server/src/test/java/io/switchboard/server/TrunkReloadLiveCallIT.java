package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo trunk's network changed in instance.yaml while a caller is in the IVR: the reload applies without a
 * restart, the caller's call goes on and its BYE is answered, and new calls follow the new network.
 */
class TrunkReloadLiveCallIT {
    private static final String REFUSED = "switchboard_sip_security_events_total{type=\"refused_source\"}";

    @TempDir
    Path work;

    @Test
    void aCallInProgressOutlivesTheTrunkChangeAndNewCallsFollowIt() throws Exception {
        Path dir = DemoInstance.extractTo(work.resolve("live"));
        Path yaml = dir.resolve("instance.yaml");
        String original = Files.readString(yaml);
        String moved = original.replace("allowedSources: [\"127.0.0.1/32\"]", "allowedSources: [\"127.0.0.6/32\"]");
        try (PackagedServer server = PackagedServer.instance(w -> dir).start();
             RtpPeer peer = RtpPeer.open();
             Sipp.Running caller = ivrCaller(server, "127.0.0.1", "in-progress", peer)
                     .callDuration(Duration.ofSeconds(8)).start(work)) {
            server.awaitMetric("switchboard_calls_active", 1, Duration.ofSeconds(10));
            Files.writeString(yaml, moved);
            Await.until("the trunk change applied", Duration.ofSeconds(15),
                    () -> server.metric("switchboard_config_reloads_total") >= 1);
            assertEquals(1, server.metric("switchboard_calls_active"), "the reload dropped the call:\n"
                    + server.process().tail(30));

            Sipp.Result finished = caller.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, finished.exitCode(), "the call in progress did not end with its BYE answered: "
                    + finished.describe() + "\n" + server.process().tail(30));

            double refusedBefore = server.metric(REFUSED);
            Sipp.Result outsider = Sipp.builtIn("uac").target("127.0.0.1", server.sipPort()).localIp("127.0.0.1")
                    .args("-s", "+15550100").calls(1).timeout(Duration.ofSeconds(3)).name("old-network").run(work);
            assertEquals(0, outsider.successfulCalls(), "127.0.0.1 is no longer the trunk's: " + outsider.describe());
            Await.until("the old network refused", Duration.ofSeconds(10),
                    () -> server.metric(REFUSED) > refusedBefore);

            Sipp.Result moved2 = ivrCaller(server, "127.0.0.6", "new-network", peer)
                    .callDuration(Duration.ofSeconds(1)).run(work);
            assertEquals(0, moved2.exitCode(), "a call from the trunk's new network: " + moved2.describe() + "\n"
                    + server.process().tail(30));
            assertEquals(0, server.stop(PackagedServer.STOP_TIMEOUT), server.process().tail(30));
        }
    }

    private static Sipp ivrCaller(PackagedServer server, String localIp, String name, RtpPeer peer) {
        return Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml")).name(name).localIp(localIp)
                .target("127.0.0.1", server.sipPort()).args("-s", "+15550100", "-key", "rtp_port",
                        Integer.toString(peer.port())).calls(1).timeout(Duration.ofSeconds(40));
    }
}

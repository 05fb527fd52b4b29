package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with calls up: the server refuses new calls with 503, lets the running call finish within the
 * drain timeout and then exits 0; a call still up when the drain time is over is hung up with a BYE.
 */
class DrainWithLiveCallsIT {
    @TempDir
    Path work;

    @Test
    void aCallThatEndsWithinTheDrainTimeFinishesAndNewCallsGet503() throws Exception {
        try (PackagedServer server = PackagedServer.demo().serverConfig("drainTimeoutSeconds: 20\n").start();
                RtpPeer peer = RtpPeer.open();
                Sipp.Running caller = sipp("ivr_caller.xml", "finishing", server)
                        .args("-key", "rtp_port", Integer.toString(peer.port()))
                        .callDuration(Duration.ofSeconds(6)).start(work)) {
            server.awaitMetric("switchboard_calls_active", 1, Duration.ofSeconds(10));
            long termAt = System.nanoTime();
            server.process().terminate();
            awaitDraining(server);

            Sipp.Result refused = sipp("caller_refused_while_draining.xml", "refused", server)
                    .args("-key", "rtp_port", "9").run(work); // nothing is sent there: the call is refused
            assertEquals(0, refused.exitCode(), "a new call is not refused with 503: " + refused.describe() + "\n"
                    + refused.output() + refused.screenLog());
            assertTrue(server.process().isAlive(), "the server left before its call ended");

            Sipp.Result finished = caller.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, finished.exitCode(), "the running call was cut: " + finished.describe());
            assertEquals(0, server.process().awaitExit(Duration.ofSeconds(15)), server.process().tail(20));
            long exitedAfter = (System.nanoTime() - termAt) / 1_000_000;
            assertTrue(exitedAfter < 19_000, "the server waited " + exitedAfter
                    + " ms, as if the drain time had run out although its call ended");
        }
    }

    @Test
    void aCallStillUpWhenTheDrainTimeIsOverIsHungUpWithBye() throws Exception {
        try (PackagedServer server = PackagedServer.demo().serverConfig("drainTimeoutSeconds: 2\n").start();
                RtpPeer peer = RtpPeer.open();
                Sipp.Running caller = sipp("caller_hung_up_by_server.xml", "hung-up", server)
                        .args("-key", "rtp_port", Integer.toString(peer.port())).start(work)) {
            server.awaitMetric("switchboard_calls_active", 1, Duration.ofSeconds(10));
            long termAt = System.nanoTime();
            server.process().terminate();
            awaitDraining(server);
            assertEquals(1, server.metric("switchboard_calls_active"), "the call should still be up while draining");

            Sipp.Result result = caller.awaitResult(Duration.ofSeconds(20));
            long byeAfterMillis = (System.nanoTime() - termAt) / 1_000_000;
            assertEquals(0, result.exitCode(), "the caller did not get a BYE: " + result.describe());
            assertTrue(byeAfterMillis >= 1_900,
                    "hung up " + byeAfterMillis + " ms after SIGTERM, before the drain time was over");
            assertEquals(0, server.process().awaitExit(Duration.ofSeconds(15)), server.process().tail(20));
        }
    }

    /** {@code GET /health} answers 503 with every module DRAINING while the server drains. */
    private static void awaitDraining(PackagedServer server) {
        Await.until("/health reports draining", Duration.ofSeconds(5), () -> {
            JsonNode health = server.health();
            return "NOT_READY".equals(health.path("status").asText())
                    && "DRAINING".equals(health.path("modules").path("sip-edge").path("state").asText());
        });
        assertEquals(503, server.get("/health").statusCode());
    }

    private Sipp sipp(String scenario, String name, PackagedServer server) {
        return Sipp.scenarioFile(SippScenarios.path(scenario))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100").traceMessages()
                .calls(1).timeout(Duration.ofSeconds(40));
    }
}

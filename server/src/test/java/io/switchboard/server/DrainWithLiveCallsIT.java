package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        try (SwitchboardProcess server = startWithDrainTimeout(20);
                RtpPeer peer = RtpPeer.open();
                Sipp.Running caller = sipp("ivr_caller.xml", "finishing", server)
                        .args("-key", "rtp_port", Integer.toString(peer.port()))
                        .callDuration(Duration.ofSeconds(6)).start(work)) {
            IvrCall.follow(server, caller, peer).contactId();
            server.process().terminate();
            assertTrue(server.process().awaitOutput(l -> l.contains("switchboard draining"), Duration.ofSeconds(5)),
                    server.process().tail(20));

            Sipp.Result refused = sipp("caller_refused_while_draining.xml", "refused", server)
                    .args("-key", "rtp_port", "9").run(work); // nothing is sent there: the call is refused
            assertEquals(0, refused.exitCode(), "a new call is not refused with 503: " + refused.describe() + "\n"
                    + refused.output() + refused.screenLog());
            assertTrue(server.process().isAlive(), "the server left before its call ended");

            Sipp.Result finished = caller.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, finished.exitCode(), "the running call was cut: " + finished.describe());
            assertEquals(0, server.process().awaitExit(Duration.ofSeconds(15)), server.process().tail(20));
            assertTrue(!server.process().output().contains("drain time over"), server.process().tail(20));
        }
    }

    @Test
    void aCallStillUpWhenTheDrainTimeIsOverIsHungUpWithBye() throws Exception {
        try (SwitchboardProcess server = startWithDrainTimeout(2);
                RtpPeer peer = RtpPeer.open();
                Sipp.Running caller = sipp("caller_hung_up_by_server.xml", "hung-up", server)
                        .args("-key", "rtp_port", Integer.toString(peer.port())).start(work)) {
            IvrCall.follow(server, caller, peer).contactId();
            long termAt = System.nanoTime();
            server.process().terminate();

            Sipp.Result result = caller.awaitResult(Duration.ofSeconds(20));
            long byeAfterMillis = (System.nanoTime() - termAt) / 1_000_000;
            assertEquals(0, result.exitCode(), "the caller did not get a BYE: " + result.describe());
            assertTrue(byeAfterMillis >= 1_900,
                    "hung up " + byeAfterMillis + " ms after SIGTERM, before the drain time was over");
            assertEquals(0, server.process().awaitExit(Duration.ofSeconds(15)), server.process().tail(20));
            assertTrue(server.process().output().contains("drain time over: hanging up 1 call"),
                    server.process().tail(20));
        }
    }

    private SwitchboardProcess startWithDrainTimeout(int seconds) throws Exception {
        Path config = work.resolve("server.yaml");
        Files.writeString(config, "drainTimeoutSeconds: " + seconds + "\n");
        return SwitchboardProcess.start(work.resolve("server"), List.of("--config", config.toString()));
    }

    private Sipp sipp(String scenario, String name, SwitchboardProcess server) {
        return Sipp.scenarioFile(SippScenarios.path(scenario))
                .name(name).target("127.0.0.1", server.ports().sip())
                .args("-s", "+15550100")
                .args("-trace_msg", "-message_file", IvrCall.messageLog(work, name).toString())
                .calls(1).timeout(Duration.ofSeconds(40));
    }

}

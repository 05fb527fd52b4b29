package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PrometheusText;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end on the packaged jar: SIPp calls the demo DID +15550100 with its media port pointing
 * at an {@link RtpPeer}, which hears the prompts and presses keys as RFC 4733 events. Each test makes its
 * own call on one shared server and follows it by its contact id.
 */
class DemoIvrCallIT {
    private static final int PCMU = RtpPeer.PCMU;
    private static final int TELEPHONE_EVENT = 101;
    /** The budget from the 200 OK to the first prompt packet. */
    private static final long FIRST_RTP_BUDGET_MILLIS = 200;

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo();
    @TempDir
    static Path work;

    /** Starts SIPp calling the demo DID; the caller stays on the line for {@code stay}, then sends BYE. */
    private static Sipp.Running call(String name, RtpPeer peer, Duration stay) {
        return Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port()))
                .args("-trace_msg", "-message_file", IvrCall.messageLog(work, name).toString())
                .calls(1).callDuration(stay).timeout(stay.plusSeconds(20)).start(work);
    }

    @Test
    void welcomePromptStartsWithinBudgetAndDigitTwoLandsInSupport() throws Exception {
        try (RtpPeer peer = RtpPeer.open(); Sipp.Running sipp = call("press-2", peer, Duration.ofSeconds(14))) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            long answeredAt = ivr.answeredAtNanos();
            List<RtpPeer.Received> heard = peer.await(p -> p.payloadType() == PCMU, 50, Duration.ofSeconds(5));
            assertTrue(heard.size() >= 50, "the welcome prompt did not play: " + heard.size() + " packets");
            List<RtpPeer.Received> first = heard.subList(0, 50); // more may have arrived while waiting
            long delayMillis = (first.get(0).arrivalNanos() - answeredAt) / 1_000_000;
            assertTrue(delayMillis <= FIRST_RTP_BUDGET_MILLIS,
                    "first prompt packet " + delayMillis + " ms after the 200 OK");
            assertTrue(delayMillis >= -5, "prompt packet before the 200 OK: " + delayMillis + " ms");
            double match = PromptAudio.bestCorrelation(RtpPeer.decode(first, PCMU),
                    server.dataDir().resolve("demo-instance/prompts/welcome.wav"));
            assertTrue(match > 0.95, "the caller does not hear welcome.wav (correlation " + match + ")");

            String contact = ivr.contactId();
            ivr.awaitFlowLog(contact, "welcome", Duration.ofSeconds(10));
            peer.remote(first.get(0).from());
            peer.sendDtmfEvents("2", TELEPHONE_EVENT, PCMU);

            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(5));
            assertEquals(0, ivr.flowLogCount(contact, "set-queue-sales"), "the caller went through the Sales block");
            // The customer queue flow plays hold music while the contact waits.
            peer.clearReceived();
            assertTrue(peer.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3)).size() >= 40,
                    "no hold music while queued");

            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");
        }
    }

    @Test
    void noInputTwiceLandsInSupport() throws Exception {
        try (RtpPeer peer = RtpPeer.open(); Sipp.Running sipp = call("no-input", peer, Duration.ofSeconds(32))) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            String contact = ivr.contactId();
            // A real phone sends audio (here silence) all along; a silent peer would rightly hit the media timeout.
            List<RtpPeer.Received> first = peer.await(p -> p.payloadType() == PCMU, 1, Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "the welcome prompt did not play");
            peer.remote(first.get(0).from());
            Thread silence = new Thread(() -> peer.sendSamples(new short[8000 * 31], PCMU), "caller-silence");
            silence.setDaemon(true);
            silence.setUncaughtExceptionHandler((t, e) -> { }); // the peer closes under it when the test ends
            silence.start();
            // welcome (5.2 s) + twice (menu 5 s + 5 s without input) = about 25 s
            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(30));
            long menus = ivr.flowLogCount(contact, "main-menu");
            assertEquals(2, menus, "the menu should have been offered twice");
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");
        }
    }

    @Test
    void hangUpMidPromptEndsTheContactAndFreesItsMedia() throws Exception {
        try (RtpPeer peer = RtpPeer.open(); Sipp.Running sipp = call("hang-up", peer, Duration.ofSeconds(2))) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            String contact = ivr.contactId();
            assertTrue(peer.await(p -> p.payloadType() == PCMU, 25, Duration.ofSeconds(3)).size() >= 25,
                    "the welcome prompt did not play");
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, result.exitCode(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");

            // The prompt stops with the call: at most the packets already in flight arrive after the BYE's 200.
            Thread.sleep(100);
            peer.clearReceived();
            Thread.sleep(500);
            assertEquals(0, peer.received().size(), "RTP still flowing after the caller hung up");
            assertEquals(0, ivr.flowLogCount(contact, "transfer-to-queue"), "the caller who hung up was queued");
            PrometheusText metrics = server.metrics();
            assertEquals(0, metrics.value(IvrCall.queueSeries("Support")) + metrics.value(IvrCall.queueSeries("Sales")),
                    metrics.text());
            assertFalse(server.process().output().lines().anyMatch(l -> l.contains(contact) && l.contains("ERROR")),
                    server.process().tail(20));
            assertEquals(0, metrics.value("switchboard_calls_active"), metrics.text());
        }
    }
}

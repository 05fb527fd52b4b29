package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller of the demo DID +15550100 putting the call on hold and back on the packaged jar: SIPp's re-INVITEs
 * (a=sendonly, a=sendrecv, the old c=0.0.0.0 hold) are answered through the relay, and the {@link RtpPeer} at
 * the caller's media port hears the IVR's prompts stop while held and come back on resume. A broken offer gets
 * 488 and the call goes on.
 */
class CallerHoldIT {
    private static final int PCMU = RtpPeer.PCMU;

    @TempDir
    static Path work;
    private static SwitchboardProcess server;

    @BeforeAll
    static void startServer() {
        server = SwitchboardProcess.start(work.resolve("server"), List.of());
    }

    @AfterAll
    static void stopServer() {
        SippScenarios.stopCleanly(server);
    }


    /** SIPp plays {@code scenario} against the demo DID; {@code stay} is its -d (null when it has no such pause). */
    private static Sipp.Running call(String scenario, String name, RtpPeer peer, Duration stay) {
        return Sipp.scenarioFile(SippScenarios.path(scenario + ".xml"))
                .name(name).target("127.0.0.1", server.ports().sip())
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port()))
                .args("-trace_msg", "-message_file", IvrCall.messageLog(work, name).toString())
                .calls(1).callDuration(stay).timeout(Duration.ofSeconds(40)).start(work);
    }

    /** Waits until the server logged the caller's {@code n}-th offer answered as {@code what}. */
    private static void awaitAnswered(String contact, String what, int n) throws InterruptedException {
        String marker = "contact " + contact + " caller: new offer " + what;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.process().output().lines().filter(l -> l.contains(marker)).count() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + marker + "\" (" + n + "):\n" + server.process().tail(20));
            }
            Thread.sleep(20);
        }
    }

    /** Asserts that the peer hears nothing for a while, once the packets already on their way have arrived. */
    private static void assertSilent(RtpPeer peer, String why) throws InterruptedException {
        Thread.sleep(100);
        peer.clearReceived();
        Thread.sleep(700);
        assertEquals(0, peer.received().size(), why);
    }

    private static void assertHearsPrompts(RtpPeer peer, String why) {
        assertTrue(peer.await(p -> p.payloadType() == PCMU, 20, Duration.ofSeconds(3)).size() >= 20, why);
    }

    @Test
    void holdStopsThePromptsAndResumeBringsThemBack() throws Exception {
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = call("caller_hold_resume", "hold-resume", peer, null)) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            String contact = ivr.contactId();
            assertHearsPrompts(peer, "the welcome prompt did not play");

            awaitAnswered(contact, "sendonly answered recvonly", 1);
            assertSilent(peer, "RTP still flowing to a caller on hold (a=sendonly)");
            awaitAnswered(contact, "sendrecv answered sendrecv", 1);
            peer.clearReceived();
            assertHearsPrompts(peer, "no prompt audio after the resume");

            awaitAnswered(contact, "sendrecv on 0.0.0.0 answered", 1);
            assertSilent(peer, "RTP still flowing to a caller on hold (c=0.0.0.0)");
            awaitAnswered(contact, "sendrecv answered sendrecv", 2);
            peer.clearReceived();
            assertHearsPrompts(peer, "no prompt audio after the second resume");

            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), "SIPp checks a=recvonly then a=sendrecv in the 200s: "
                    + result.describe());
            assertEquals(1, result.successfulCalls(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");
        }
    }

    @Test
    void brokenOfferGets488AndTheCallGoesOnUntilBye() throws Exception {
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = call("caller_bad_reoffer", "bad-reoffer", peer, Duration.ofSeconds(3))) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            String contact = ivr.contactId();
            assertTrue(server.process().awaitOutput(l -> l.contains("contact " + contact
                    + " caller: new offer refused with 488"), Duration.ofSeconds(10)),
                    "the broken offer was not refused:\n" + server.process().tail(20));
            peer.clearReceived();
            assertHearsPrompts(peer, "the call should go on after the refused offer");

            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), "SIPp expects 488, then 200 to its BYE: " + result.describe());
            assertEquals(1, result.successfulCalls(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");
        }
    }
}

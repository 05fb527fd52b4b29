package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller of the demo DID +15550100 putting the call on hold and back on the packaged jar: SIPp's re-INVITEs
 * (a=sendonly, a=sendrecv, the old c=0.0.0.0 hold) are answered through the relay, and the {@link RtpPeer} at
 * the caller's media port hears the IVR's prompts stop while held and come back on resume. A broken offer gets
 * 488 and the call goes on.
 */
class CallerHoldIT {
    private static final int PCMU = RtpPeer.PCMU;

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo();
    @TempDir
    static Path work;

    /** SIPp plays {@code scenario} against the demo DID; {@code stay} is its -d (null when it has no such pause). */
    private static Sipp.Running call(String scenario, String name, RtpPeer peer, Duration stay) {
        return Sipp.scenarioFile(SippScenarios.path(scenario + ".xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port())).traceMessages()
                .calls(1).callDuration(stay).timeout(Duration.ofSeconds(40)).start(work);
    }

    /**
     * Waits until SIPp received the 200 answering its re-INVITE with {@code cseq} (2 for the first new offer),
     * and checks the direction the answer's SDP gives ({@code a=recvonly} to a=sendonly, ...), if not null.
     */
    private static void awaitAnswered(Sipp.Running sipp, int cseq, String direction) {
        Sipp.Message answer = sipp.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("CSeq: " + cseq + " INVITE"),
                Duration.ofSeconds(10));
        assertTrue(direction == null || answer.text().contains("a=" + direction), "the new offer " + cseq
                + " was not answered " + direction + ":\n" + answer.text());
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

            awaitAnswered(sipp, 2, "recvonly");
            assertSilent(peer, "RTP still flowing to a caller on hold (a=sendonly)");
            awaitAnswered(sipp, 3, "sendrecv");
            peer.clearReceived();
            assertHearsPrompts(peer, "no prompt audio after the resume");

            awaitAnswered(sipp, 4, null);
            assertSilent(peer, "RTP still flowing to a caller on hold (c=0.0.0.0)");
            awaitAnswered(sipp, 5, "sendrecv");
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
            sipp.awaitReceived(m -> m.startsWith("SIP/2.0 488") && m.contains("CSeq: 2 INVITE"), Duration.ofSeconds(10));
            peer.clearReceived();
            assertHearsPrompts(peer, "the call should go on after the refused offer");

            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), "SIPp expects 488, then 200 to its BYE: " + result.describe());
            assertEquals(1, result.successfulCalls(), result.describe());
            ivr.awaitEnded(contact, "CUSTOMER_DISCONNECT");
        }
    }
}

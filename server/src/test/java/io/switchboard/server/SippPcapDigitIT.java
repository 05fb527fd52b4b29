package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the DTMF that SIPp users send: SIPp calls the demo DID and replays the RFC 4733 capture it
 * ships for key 2 (a start packet, six updates and the end packet three times) from its own media port. The
 * relay must collect the "2", so the demo menu sends the caller to Support (that the repeated end packets
 * count once is checked by the receiver's unit tests).
 */
class SippPcapDigitIT {
    private static final Path DIGIT_TWO = Path.of("/usr/share/sip-tester/dtmf_2833_2.pcap");

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo();
    @TempDir
    static Path work;
    @Test
    void keyTwoReplayedFromSippsCaptureLandsTheCallerInSupport() throws Exception {
        assertTrue(Files.isReadable(DIGIT_TWO), DIGIT_TWO + " is missing: install sip-tester");
        int mediaPort = FreePorts.udpRange(4);
        try (Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller_pcap_digit.xml"))
                .name("pcap-digit")
                .target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100", "-mp", Integer.toString(mediaPort))
                .args("-trace_msg", "-message_file", IvrCall.messageLog(work, "pcap-digit").toString())
                .calls(1).timeout(Duration.ofSeconds(30)).start(work)) {
            IvrCall ivr = IvrCall.follow(server, sipp, null);
            String contact = ivr.contactId();
            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(15));
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            assertEquals(0, ivr.flowLogCount(contact, "set-queue-sales"), "the caller went through the Sales block");
        }
    }

}

package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PBX outside every trunk network authenticates with digest: SIPp answers our 401 (MD5, qop=auth). */
class DigestInboundIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        TrunkDefinition pbx = TrunkDefinition.inbound("pbx")
                .withDigestUsers(Map.of("pbx", DigestSecret.fromPassword("pbx", "switchboard", "pw")));
        // SIPp answers only MD5 and reads one challenge; the DROP policy must still let INVITEs be challenged
        fixture = new EdgeFixture(s -> s.withDigestAlgorithms(List.of("MD5"))
                .withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.DROP), List.of(pbx));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Sipp.Result run(String scenario) throws URISyntaxException {
        Path xml = Path.of(getClass().getResource("/sipp/" + scenario + ".xml").toURI());
        return Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port)
                // SIPp's digest uri is host:port unless told; the edge checks it against the Request-URI
                .args("-s", "+15550100", "-auth_uri", "+15550100@127.0.0.1:" + fixture.port).calls(3).rate(10)
                .timeout(Duration.ofSeconds(20)).name(scenario).run(work);
    }

    @Test
    void rightCredentialsAreAcceptedAndTheCallRuns() throws Exception {
        Sipp.Result r = run("uac_auth");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.successfulCalls(), r.describe());
        assertEquals(3, fixture.metric("auth_challenges_total"));
        assertEquals(0, fixture.metric("auth_failures_total"));
        assertEquals("pbx", fixture.legs.peek().trunk());
        assertEquals(3, fixture.awaitEnds("REMOTE BYE", 3));
    }

    @Test
    void wrongPasswordGets403() throws Exception {
        Sipp.Result r = run("uac_auth_wrong");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.successfulCalls(), r.describe());
        assertEquals(3, fixture.metric("auth_failures_total"));
        assertEquals(0, fixture.legs.size());
    }

    @Test
    void aCapturedAuthorizationReplayedInANewInviteIsChallengedAgainNotAccepted() throws Exception {
        Path xml = Path.of(getClass().getResource("/sipp/uac_auth.xml").toURI());
        Sipp sipp = Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port)
                .args("-s", "+15550100", "-auth_uri", "+15550100@127.0.0.1:" + fixture.port).calls(1)
                .timeout(Duration.ofSeconds(20)).name("capture").traceMessages();
        String authorization;
        try (Sipp.Running running = sipp.start(work)) {
            Sipp.Result r = running.awaitResult(Duration.ofSeconds(30));
            assertEquals(1, r.successfulCalls(), r.describe());
            authorization = running.messages().stream()
                    .filter(m -> !m.received() && m.header("Authorization") != null)
                    .map(m -> m.header("Authorization")).findFirst().orElseThrow();
        }
        assertEquals(1, fixture.awaitEnds("REMOTE BYE", 1));
        try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            attacker.setSoTimeout(5000);
            String invite = "INVITE sip:+15550100@127.0.0.1:" + fixture.port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + attacker.getLocalPort() + ";branch=z9hG4bK-replay1;rport\r\n"
                    + "From: <sip:+15557654321@127.0.0.1>;tag=replay\r\n"
                    + "To: <sip:+15550100@127.0.0.1>\r\n"
                    + "Call-ID: replayed-call\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:attacker@127.0.0.1:" + attacker.getLocalPort() + ">\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Authorization: " + authorization + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            attacker.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), fixture.port));
            String response;
            do {
                DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                attacker.receive(p);
                response = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            } while (response.startsWith("SIP/2.0 100"));
            assertTrue(response.startsWith("SIP/2.0 401"), response);
            assertTrue(response.contains("stale=true"), response);
        }
        assertEquals(1, fixture.metric("auth_replays_total"));
        assertEquals(1, fixture.legs.size(), "the replayed header made no call");
    }
}

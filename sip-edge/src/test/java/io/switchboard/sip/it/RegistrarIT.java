package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
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

/**
 * Agents' SIP phones register with digest (RFC 3261 section 10) over UDP and TCP, from a source no trunk
 * accepts: a binding lives until removed, a wrong password is refused 403 and is a security event; once a phone
 * registered, its address is trusted and hears why a malformed request was refused.
 */
class RegistrarIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EdgeFixture(s -> s.withDigestAlgorithms(List.of("MD5"))
                .withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.DROP),
                List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        fixture.edge.setPhoneUsers(Map.of(
                "alice", DigestSecret.fromPassword("alice", "switchboard", "demo-sip-password"),
                "bob", DigestSecret.fromPassword("bob", "switchboard", "demo-sip-password")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Sipp.Result run(String scenario, String transport) throws URISyntaxException {
        Path xml = Path.of(getClass().getResource("/sipp/" + scenario + ".xml").toURI());
        return Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port).transport(transport).args("-s", "alice")
                .calls(1).timeout(Duration.ofSeconds(10)).name(scenario + "-" + transport).run(work);
    }

    @Test
    void aPhoneRegistersRefreshesAndUnregistersOverUdpAndTcp() throws Exception {
        for (String transport : List.of("u1", "t1")) {
            Sipp.Result r = run("uac_register_phone", transport);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(1, r.successfulCalls(), r.describe());
            assertEquals(Map.of(), fixture.edge.registrations(), "the binding was removed");
        }
        assertEquals(2, fixture.metric("auth_challenges_total"));
        assertEquals(0, fixture.metric("auth_failures_total"));
    }

    @Test
    void aBindingStaysUntilItExpiresAndAWrongPasswordIsRefused() throws Exception {
        Sipp.Result r = run("uac_register_hold", "u1");
        assertEquals(1, r.successfulCalls(), r.describe());
        List<String> contacts = fixture.edge.registrations().get("alice");
        assertEquals(1, contacts.size(), fixture.edge.registrations().toString());
        assertTrue(contacts.get(0).startsWith("sip:alice@127.0.0.1:"), contacts.toString());

        Sipp.Result wrong = run("uac_register_wrong", "u1");
        assertEquals(1, wrong.successfulCalls(), wrong.describe());
        assertEquals(1, fixture.metric("auth_failures_total"));
        assertEquals(1, fixture.metric("security_events_total{type=\"auth_failed\"}"));
        assertEquals(1, fixture.edge.registrations().get("alice").size(), "the refused REGISTER changed nothing");
    }

    @Test
    void aMalformedRequestIsAnsweredOnceAPhoneRegisteredFromItsAddress() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            byte[] malformed = ("OPTIONS sip:alice@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKbroken;rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=b1\r\nTo: <sip:alice@127.0.0.1>\r\n"
                    + "Call-ID: broken-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.send(new DatagramPacket(malformed, malformed.length, loopback, fixture.port));
            socket.setSoTimeout(2000); // well past T1 and its retransmissions: a 400 comes at once or never
            assertThrows(SocketTimeoutException.class, () -> socket.receive(reply), "no trunk, no phone: silence");

            Sipp.Result r = run("uac_register_hold", "u1");
            assertEquals(1, r.successfulCalls(), r.describe());
            socket.send(new DatagramPacket(malformed, malformed.length, loopback, fixture.port));
            socket.setSoTimeout(5000);
            socket.receive(reply);
            String response = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("SIP/2.0 400 "), response);
        }
        assertEquals(1, fixture.metric("parse_unanswered_untrusted_total"));
        assertEquals(2, fixture.awaitMetric("security_events_total{type=\"malformed\"}", 2, Duration.ofSeconds(5)));
    }
}

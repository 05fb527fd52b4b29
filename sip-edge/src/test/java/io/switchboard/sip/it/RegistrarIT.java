package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.net.URISyntaxException;
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
 * accepts: a binding lives until removed, a wrong password is refused 403 and is a security event.
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
}

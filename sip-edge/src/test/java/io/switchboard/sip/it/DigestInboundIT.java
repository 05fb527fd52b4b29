package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** A PBX outside every trunk network authenticates with digest: SIPp answers our 401 (MD5, qop=auth). */
class DigestInboundIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        TrunkDefinition pbx = TrunkDefinition.inbound("pbx").withDigestUsers(Map.of("pbx", "pw"));
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
        return Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port).args("-s", "+15550100").calls(3).rate(10)
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
}

package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo instance as CONTRACT.md describes it: alice registers a SIP phone as sip:alice@<server> with the SIP
 * password demo-sip-password, over UDP and TCP, from an address outside the demo trunk.
 */
class PhoneRegistrationIT {
    private static final String BINDINGS = "switchboard_sip_phone_bindings";

    @RegisterExtension
    final PackagedServer server = PackagedServer.demo();
    @TempDir
    Path work;

    private Sipp.Result register(String scenario, String transport) {
        return Sipp.scenarioFile(SippScenarios.path(scenario + ".xml")).name(scenario + "-" + transport)
                .target("127.0.0.1", server.sipPort()).localIp("127.0.0.7").transport(transport)
                .args("-s", "alice").calls(1).timeout(Duration.ofSeconds(10)).run(work);
    }

    @Test
    void aliceRegistersRefreshesAndUnregistersOverUdpAndTcp() {
        for (String transport : new String[] {"u1", "t1"}) {
            Sipp.Result r = register("uac_register_phone", transport);
            assertEquals(1, r.successfulCalls(), r.describe());
        }
        Sipp.Result kept = register("uac_register_hold", "u1");
        assertEquals(1, kept.successfulCalls(), kept.describe());
        Await.until(BINDINGS + " = 1", Duration.ofSeconds(5), () -> server.metric(BINDINGS) == 1);
    }
}

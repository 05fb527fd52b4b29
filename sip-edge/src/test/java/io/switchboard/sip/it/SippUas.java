package io.switchboard.sip.it;

import io.switchboard.testkit.Sipp;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** The far ends the edge dials in these tests: SIPp UAS scenarios from {@code /sipp}, one call each. */
final class SippUas {
    private SippUas() {
    }

    static Path scenario(String name) {
        try {
            return Path.of(SippUas.class.getResource("/sipp/" + name + ".xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A SIPp UAS on {@code port}, returned once it listens there, so the edge never dials before it is up. */
    static Sipp.Running listening(Path work, String scenario, int port, String transport) {
        Sipp.Running uas = Sipp.scenarioFile(scenario(scenario)).localPort(port).transport(transport).calls(1)
                .timeout(Duration.ofSeconds(20)).name(scenario + "-" + port).start(work);
        try {
            return uas.awaitListening(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            uas.close();
            throw e;
        }
    }
}

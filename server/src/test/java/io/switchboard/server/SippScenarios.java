package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.SwitchboardProcess;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** What the server's integration tests share: SIPp scenarios from the test resources, and a clean stop. */
final class SippScenarios {
    private SippScenarios() {
    }

    /** A scenario file under {@code src/test/resources/sipp/}, e.g. {@code "ivr_caller.xml"}. */
    static Path path(String fileName) {
        try {
            return Path.of(SippScenarios.class.getResource("/sipp/" + fileName).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no SIPp scenario " + fileName + " in the test resources", e);
        }
    }

    /** SIGTERM, then the server must exit 0 within 40 s (its drain); its output tail explains a failure. */
    static void stopCleanly(SwitchboardProcess server) {
        if (server != null) {
            assertEquals(0, server.stop(Duration.ofSeconds(40)), server.process().tail(30));
            server.close();
        }
    }
}

package io.switchboard.server;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The SIPp scenarios the server's integration tests play, from the test resources. */
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
}

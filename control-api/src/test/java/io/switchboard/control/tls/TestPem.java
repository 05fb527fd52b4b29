package io.switchboard.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.PeerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A PEM certificate and key for 127.0.0.1 made by openssl, as an operator brings them. */
final class TestPem {
    private TestPem() {
    }

    static void write(Path certificate, Path key) throws Exception {
        PeerProcess.requireOnPath("openssl");
        try (PeerProcess openssl = PeerProcess.start("openssl", List.of("openssl", "req", "-x509", "-newkey",
                "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"), certificate.getParent(),
                Map.of())) {
            assertEquals(0, openssl.awaitExit(Duration.ofSeconds(30)), openssl.output());
        }
    }
}

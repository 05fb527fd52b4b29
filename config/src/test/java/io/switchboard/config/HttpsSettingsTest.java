package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS settings: off by default, on with TLS material or selfSigned, its port checked like the others. */
class HttpsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void httpsIsOffWithoutTlsMaterialOrSelfSigned() {
        ServerSettings s = ServerSettings.defaults();
        assertEquals(8443, s.httpsPort());
        assertFalse(s.selfSigned());
        assertFalse(s.httpsEnabled());
        assertFalse(s.toString().contains("https="), s.toString());
    }

    @Test
    void theSelfSignedFlagAndTheHttpsPortFlagTurnItOn() {
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of(),
                Map.of("self-signed", "true", "https-port", "9443"));
        assertEquals(List.of(), r.problems());
        assertTrue(r.settings().httpsEnabled());
        assertEquals(9443, r.settings().httpsPort());
        assertTrue(r.settings().toString().contains("https=9443 (self-signed)"), r.settings().toString());
    }

    @Test
    void tlsMaterialFromFlagsTurnsItOnWithoutSelfSigned() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of(),
                Map.of("tls-certificate", cert.toString(), "tls-private-key", key.toString()));
        assertEquals(List.of(), r.problems());
        assertTrue(r.settings().httpsEnabled());
        assertFalse(r.settings().selfSigned());
        assertEquals(cert, r.settings().tlsCertificate());
    }

    @Test
    void theHttpsPortMustDifferFromTheOthersWhenServed() {
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of(),
                Map.of("self-signed", "true", "https-port", "8080"));
        assertFalse(r.isValid());
        assertTrue(r.describeProblems().contains("port 8080 is already used by httpPort"), r.describeProblems());
        // Not served: the same number is no conflict.
        assertTrue(ServerSettings.resolve(null, Map.of(), Map.of("https-port", "8080")).isValid());
    }

    @Test
    void aBadSelfSignedValueIsNamed() {
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of("SWITCHBOARD_SELF_SIGNED", "perhaps"), Map.of());
        assertFalse(r.isValid());
        assertEquals("environment:0: SWITCHBOARD_SELF_SIGNED: expected true or false, found \"perhaps\"",
                r.describeProblems());
    }
}

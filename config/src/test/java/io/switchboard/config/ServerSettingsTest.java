package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.PortRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.yaml < environment < flags, and the wording of bad values in each layer. */
class ServerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheContract() {
        ServerSettings s = ServerSettings.defaults();
        assertEquals("0.0.0.0", s.bindAddress());
        assertNull(s.publicAddress());
        assertEquals(5060, s.sipPort());
        assertEquals(5061, s.sipTlsPort());
        assertFalse(s.tlsEnabled());
        assertEquals(8080, s.httpPort());
        assertEquals(3478, s.turnPort());
        assertEquals("switchboard", s.turnRealm());
        assertEquals("demo-turn-secret", s.turnSecret());
        assertEquals(new PortRange(20000, 29999), s.rtpPorts());
        assertEquals(Path.of("./data"), s.dataDir());
        assertTrue(s.demoInstance());
        assertEquals(ServerSettings.LogFormat.TEXT, s.logFormat());
        assertEquals(30, s.drainTimeoutSeconds());
        assertEquals(java.time.Duration.ofSeconds(60), s.agentDisconnectGrace());
        assertFalse(s.toString().contains("demo-turn-secret"), "the secret must not be printed");
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws IOException {
        Path yaml = yaml("httpPort: 8081\nturnPort: 3479\nsipPort: 5070\nlogFormat: json\n");
        ServerSettings.Result r = ServerSettings.resolve(yaml,
                Map.of("SWITCHBOARD_HTTP_PORT", "8082", "SWITCHBOARD_TURN_PORT", "3480", "PATH", "/usr/bin"),
                Map.of("http-port", "8083", "rtp-ports", "30000-30999", "instance", "/srv/acme",
                        "public-address", "203.0.113.7"));
        assertEquals(List.of(), r.problems());
        ServerSettings s = r.settings();
        assertEquals(8083, s.httpPort());
        assertEquals(3480, s.turnPort());
        assertEquals(5070, s.sipPort());
        assertEquals(ServerSettings.LogFormat.JSON, s.logFormat());
        assertEquals(new PortRange(30000, 30999), s.rtpPorts());
        assertEquals(Path.of("/srv/acme"), s.instanceDir());
        assertEquals("203.0.113.7", s.advertisedAddress());
    }

    @Test
    void badFileValue() throws IOException {
        assertProblems(ServerSettings.resolve(yaml("sipPort: 5060\nhttpPort: eighty\n"), Map.of(), Map.of()),
                "server.yaml:2: httpPort: expected a whole number, found \"eighty\"");
    }

    @Test
    void unknownFileKey() throws IOException {
        assertProblems(ServerSettings.resolve(yaml("httpport: 8081\n"), Map.of(), Map.of()),
                "server.yaml:1: httpport: unknown key (did you mean \"httpPort\"?)");
    }

    @Test
    void badEnvironmentValue() {
        assertProblems(ServerSettings.resolve(null, Map.of("SWITCHBOARD_SIP_PORT", "70000"), Map.of()),
                "environment:0: SWITCHBOARD_SIP_PORT: must be between 1 and 65535, found 70000");
    }

    @Test
    void sipConnectionsInAllBelowThePerSourceCapAreRefused() {
        assertProblems(ServerSettings.resolve(null, Map.of("SWITCHBOARD_SIP_MAX_CONNECTIONS", "50"), Map.of()),
                "environment:0: SWITCHBOARD_SIP_MAX_CONNECTIONS: sipMaxConnections 50 is below sipMaxConnectionsPerSource 100");
    }

    @Test
    void unknownEnvironmentVariable() {
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of("SWITCHBOARD_HTTP_PROT", "1"), Map.of());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).toString().startsWith(
                "environment:0: SWITCHBOARD_HTTP_PROT: unknown setting variable (known: SWITCHBOARD_AGENT_AFTER_RECONNECT_WINDOW, "),
                r.problems().get(0).toString());
    }

    @Test
    void badFlagValues() {
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("rtp-ports", "30000", "sip-port", "0")),
                "flag:0: --sip-port: must be between 1 and 65535, found 0",
                "flag:0: --rtp-ports: expected LOW-HIGH, such as 20000-29999, found \"30000\"");
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("bind", "example.com")),
                "flag:0: --bind: expected an IP address to listen on (0.0.0.0 for all), found \"example.com\"");
    }

    @Test
    void blankValuesAreRefused() {
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("data", " ")),
                "flag:0: --data: must not be empty");
    }

    @Test
    void oddRtpRangeStart() {
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("rtp-ports", "30001-30999")),
                "flag:0: --rtp-ports: the range must start on an even port (RTP even, RTCP odd), found 30001");
    }

    @Test
    void unknownFlag() {
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("verbose", "true")),
                "flag:0: --verbose: unknown flag");
    }

    @Test
    void portsMustNotCollide() {
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("http-port", "5060", "turn-port", "20002")),
                "flag:0: --http-port: port 5060 is already used by sipPort",
                "flag:0: --turn-port: turnPort 20002 is inside the RTP port range 20000-29999");
        assertProblems(ServerSettings.resolve(null, Map.of(), Map.of("rtp-ports", "5000-6000")),
                "flag:0: --rtp-ports: sipPort 5060 is inside the RTP port range 5000-6000");
    }

    @Test
    void tlsNeedsBothFiles() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertProblems(ServerSettings.resolve(yaml("tlsCertificate: " + cert + "\n"), Map.of(), Map.of()),
                "server.yaml:1: tlsPrivateKey: SIP over TLS needs both tlsCertificate and tlsPrivateKey");
    }

    @Test
    void missingFile() {
        ServerSettings.Result r = ServerSettings.resolve(dir.resolve("server.yaml"), Map.of(), Map.of());
        assertFalse(r.isValid());
        assertTrue(r.problems().get(0).toString().startsWith("server.yaml:0: (file): cannot read "));
    }

    @Test
    void theServerYamlPathItselfIsNotASetting() {
        ServerSettings.Result r = ServerSettings.resolve(null, Map.of("SWITCHBOARD_CONFIG", "/etc/switchboard/server.yaml"),
                Map.of("config", "/etc/switchboard/server.yaml"));
        assertEquals(List.of(), r.problems());
    }

    @Test
    void convenienceAccessors() {
        ServerSettings s = ServerSettings.resolve(null, Map.of(), Map.of("rtp-ports", "40000-40099")).settings();
        assertEquals(40000, s.rtpPortLow());
        assertEquals(40099, s.rtpPortHigh());
        assertEquals(java.time.Duration.ofSeconds(30), s.drainTimeout());
        assertTrue(s.wildcardBind());
        assertFalse(ServerSettings.resolve(null, Map.of(), Map.of("bind", "127.0.0.1")).settings().wildcardBind());
        assertTrue(ServerSettings.resolve(null, Map.of(), Map.of("bind", "::")).settings().wildcardBind());
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("SWITCHBOARD_HTTP_PORT", SettingsResolver.envName("httpPort"));
        assertEquals("SWITCHBOARD_DRAIN_TIMEOUT_SECONDS", SettingsResolver.envName("drainTimeoutSeconds"));
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("server.yaml"), text);
    }

    private static void assertProblems(ServerSettings.Result result, String... expected) {
        assertEquals(List.of(expected), result.problems().stream().map(ConfigProblem::toString).toList());
    }
}

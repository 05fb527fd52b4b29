package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.SwitchboardProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as an operator runs it: demo start, health, metrics, SIGTERM, and refusals. */
class ServerLifecycleIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void demoInstanceStartsAnswersHealthAndMetricsAndStopsOnSigterm() throws Exception {
        try (SwitchboardProcess server = SwitchboardProcess.start(work, List.of())) {
            HttpResponse<String> health = server.get("/health");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals("UP", body.path("status").asText(), health.body());
            assertEquals("UP", body.path("modules").path("config").path("state").asText(), health.body());
            assertEquals("UP", body.path("modules").path("http").path("state").asText(), health.body());
            for (String module : List.of("sip-edge", "media-relay", "turn", "routing-adapter")) {
                assertTrue(body.path("modules").has(module), module + " missing from " + health.body());
            }

            HttpResponse<String> metrics = server.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics missing");
            assertTrue(metrics.body().contains("process_cpu_seconds_total"), "process metrics missing");

            assertEquals(404, server.get("/no-such-page").statusCode());
            assertTrue(Files.isRegularFile(server.dataDir().resolve("demo-instance/instance.yaml")),
                    "demo instance not extracted into the data directory");

            assertEquals(0, server.stop(EXIT_TIMEOUT), server.process().tail(30));
            assertTrue(server.process().output().contains("switchboard stopped"), server.process().tail(30));
        }
    }

    @Test
    void httpPortInUseIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            PeerProcess process = runJar("port-in-use", "--data", work.resolve("data").toString(),
                    "--bind", "127.0.0.1", "--http-port", Integer.toString(port),
                    "--sip-port", Integer.toString(FreePorts.tcpAndUdp()),
                    "--turn-port", Integer.toString(FreePorts.tcpAndUdp()));
            int exit = process.awaitExit(EXIT_TIMEOUT);
            assertEquals(1, exit, process.output());
            assertTrue(process.output().contains("cannot listen on 127.0.0.1:" + port
                    + " (http): address already in use"), process.output());
            assertTrue(!process.output().contains("\tat "), "stack trace printed:\n" + process.output());
        }
    }

    @Test
    void unknownFlagExitsWithUsageStatus() {
        PeerProcess process = runJar("bad-flag", "--sip-prot", "5060");
        assertEquals(2, process.awaitExit(EXIT_TIMEOUT));
        assertTrue(process.output().contains("unknown flag --sip-prot"), process.output());
    }

    @Test
    void badFlagValueIsNamed() {
        PeerProcess process = runJar("bad-value", "--data", work.resolve("data").toString(), "--http-port", "eighty");
        assertEquals(2, process.awaitExit(EXIT_TIMEOUT));
        assertTrue(process.output().contains("http-port"), process.output());
    }

    @Test
    void unusableDataDirectoryIsRefused() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-dir"), "x");
        PeerProcess process = runJar("bad-data", "--data", file.resolve("sub").toString(), "--bind", "127.0.0.1",
                "--http-port", Integer.toString(FreePorts.tcp()));
        assertEquals(1, process.awaitExit(EXIT_TIMEOUT), process.output());
        assertTrue(process.output().contains("cannot create data directory"), process.output());
    }

    @Test
    void hashPasswordPrintsBcryptHash() throws Exception {
        Path input = Files.writeString(work.resolve("pw"), "s3cret\n");
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                javaBin() + " -jar " + SwitchboardProcess.jar() + " hash-password --stdin < " + input));
        PeerProcess process = PeerProcess.start("hash", command, work, Map.of());
        assertEquals(0, process.awaitExit(EXIT_TIMEOUT), process.output());
        assertTrue(process.output().strip().matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}"), process.output());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private PeerProcess runJar(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", SwitchboardProcess.jar().toString()));
        command.addAll(List.of(args));
        return PeerProcess.start(name, command, work, Map.of());
    }
}

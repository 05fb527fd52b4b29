package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.SwitchboardProcess;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
        try (PackagedServer server = PackagedServer.demo().start()) {
            HttpResponse<String> health = server.get("/health");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals("UP", body.path("status").asText(), health.body());
            assertEquals("UP", body.path("modules").path("config").path("state").asText(), health.body());
            assertEquals("UP", body.path("modules").path("http").path("state").asText(), health.body());
            for (String module : List.of("sip-edge", "media-relay", "routing-adapter")) {
                assertEquals("UP", body.path("modules").path(module).path("state").asText(), health.body());
            }
            String sip = "127.0.0.1:" + server.ports().sip();
            assertTrue(body.path("modules").path("sip-edge").path("detail").asText().contains("udp " + sip),
                    health.body());
            assertTrue(body.path("modules").path("media-relay").path("detail").asText()
                    .contains(server.ports().rtpLow() + "-" + server.ports().rtpHigh()), health.body());
            // TURN is served now (issue 10): UP on its port, no longer NOT_SERVED.
            assertEquals("UP", body.path("modules").path("turn").path("state").asText(), health.body());
            // The ready line and the addresses it names are part of the outside surface (CONTRACT.md).
            assertTrue(server.process().awaitOutput(l -> l.contains("switchboard ready"), Duration.ofSeconds(5)),
                    server.process().tail(20));
            String ready = server.process().output().lines().filter(l -> l.contains("switchboard ready"))
                    .findFirst().orElseThrow();
            assertTrue(ready.contains("sip=udp:" + sip + ",tcp:" + sip), ready);
            assertTrue(ready.contains("rtp=127.0.0.1:" + server.ports().rtpLow() + "-" + server.ports().rtpHigh()),
                    ready);

            HttpResponse<String> metrics = server.get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics missing");
            assertTrue(metrics.body().contains("process_cpu_seconds_total"), "process metrics missing");
            assertTrue(metrics.body().contains("switchboard_sip_calls_inbound_total 0"), "SIP edge metrics missing");
            assertTrue(metrics.body().contains("switchboard_sip_trunk_calls_active{trunk=\"demo-trunk\"}"),
                    "labelled SIP edge metrics missing");
            assertTrue(metrics.body().contains("switchboard_media_endpoints "), "media relay metrics missing");
            assertTrue(metrics.body().contains("switchboard_queue_contacts{queue=\"Support\"} 0"),
                    "contact center metrics missing");

            assertEquals(404, server.get("/no-such-page").statusCode());
            assertTrue(Files.isRegularFile(server.dataDir().resolve("demo-instance/instance.yaml")),
                    "demo instance not extracted into the data directory");

            assertEquals(0, server.stop(EXIT_TIMEOUT), server.process().tail(30));
            // Stopped means every listener is closed: the ports can be bound again at once.
            assertPortsFree(server.ports());
        }
    }

    /** Binds every port the server listened on; SO_REUSEADDR, as a restarted server would, so TIME_WAIT does not count. */
    private static void assertPortsFree(SwitchboardProcess.Ports ports) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket http = new ServerSocket(); ServerSocket sipTcp = new ServerSocket();
             DatagramSocket sipUdp = new DatagramSocket(ports.sip(), loopback);
             DatagramSocket rtp = new DatagramSocket(ports.rtpLow(), loopback)) {
            http.setReuseAddress(true);
            http.bind(new InetSocketAddress(loopback, ports.http()));
            sipTcp.setReuseAddress(true);
            sipTcp.bind(new InetSocketAddress(loopback, ports.sip()));
            assertEquals(ports.sip(), sipUdp.getLocalPort());
            assertEquals(ports.rtpLow(), rtp.getLocalPort());
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
                    "--turn-port", Integer.toString(FreePorts.tcpAndUdp()), "--rtp-ports", freeRtpRange());
            int exit = process.awaitExit(EXIT_TIMEOUT);
            assertEquals(1, exit, process.output());
            assertTrue(process.output().contains("cannot listen on 127.0.0.1:" + port
                    + " (http): address already in use"), process.output());
            assertTrue(!process.output().contains("\tat "), "stack trace printed:\n" + process.output());
        }
    }

    @Test
    void sipPortInUseIsRefused() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            int rtp = FreePorts.udpRange(20);
            PeerProcess process = runJar("sip-port-in-use", "--data", work.resolve("data").toString(),
                    "--bind", "127.0.0.1", "--sip-port", Integer.toString(port),
                    "--http-port", Integer.toString(FreePorts.tcp()),
                    "--turn-port", Integer.toString(FreePorts.tcpAndUdp()), "--rtp-ports", rtp + "-" + (rtp + 19));
            int exit = process.awaitExit(EXIT_TIMEOUT);
            assertEquals(1, exit, process.output());
            assertTrue(process.output().contains("cannot listen on 127.0.0.1:" + port + " (sip): address already in use"),
                    process.output());
            assertTrue(!process.output().contains("\tat "), "stack trace printed:\n" + process.output());
            assertTrue(!process.output().contains("switchboard ready"), process.output());
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

    /** A free 20-port RTP range, so a test never binds the default range another server may use. */
    static String freeRtpRange() {
        int low = FreePorts.udpRange(20);
        return low + "-" + (low + 19);
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

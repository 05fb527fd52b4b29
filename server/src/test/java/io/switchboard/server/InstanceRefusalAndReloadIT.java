package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.SwitchboardProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken instances are refused with every problem located; a running server keeps its config on a bad reload. */
class InstanceRefusalAndReloadIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LOCATED = Pattern.compile("instance\\.yaml:\\d+: \\S+: .+");

    @TempDir
    Path work;

    /** The demo instance with three independent mistakes, each on its own line. */
    private Path brokenInstance() throws Exception {
        Path dir = DemoInstance.extractTo(work.resolve("broken"));
        Path yaml = dir.resolve("instance.yaml");
        String text = Files.readString(yaml)
                .replace("number: \"+15550100\"", "number: \"5550100\"")
                .replace("- { queue: Support, priority: 1, delaySeconds: 0 }",
                        "- { queue: Nowhere, priority: 1, delaySeconds: 0 }")
                .replace("maxConcurrentCalls: 100", "maxConcurrentCalls: 100\n    colour: blue");
        Files.writeString(yaml, text);
        return dir;
    }

    private static List<String> locatedLines(String output) {
        return output.lines().map(String::strip).filter(l -> LOCATED.matcher(l).find()).toList();
    }

    @Test
    void serverRefusesBrokenInstanceListingEveryProblem() throws Exception {
        Path dir = brokenInstance();
        SwitchboardProcess server = SwitchboardProcess.launch(work, List.of("--instance", dir.toString()));
        try (server) {
            assertEquals(1, server.process().awaitExit(EXIT_TIMEOUT), server.process().output());
            String output = server.process().output();
            List<String> problems = locatedLines(output);
            assertTrue(problems.stream().anyMatch(l -> l.contains("5550100") && l.contains("E.164")), output);
            assertTrue(problems.stream().anyMatch(l -> l.contains("Nowhere")), output);
            assertTrue(problems.stream().anyMatch(l -> l.contains("colour")), output);
            assertTrue(!output.contains("switchboard ready"), output);
        }
    }

    @Test
    void validateSubcommandReportsEveryProblemAndExitStatus() throws Exception {
        Path good = DemoInstance.extractTo(work.resolve("good"));
        PeerProcess ok = runJar("validate-good", "validate", good.toString());
        assertEquals(0, ok.awaitExit(EXIT_TIMEOUT), ok.output());

        PeerProcess bad = runJar("validate-bad", "validate", brokenInstance().toString());
        assertEquals(1, bad.awaitExit(EXIT_TIMEOUT), bad.output());
        assertTrue(locatedLines(bad.output()).size() >= 3, bad.output());
    }

    @Test
    void badReloadKeepsRunningConfigurationAndGoodReloadIsApplied() throws Exception {
        Path dir = DemoInstance.extractTo(work.resolve("live"));
        Path yaml = dir.resolve("instance.yaml");
        String original = Files.readString(yaml);
        try (SwitchboardProcess server = SwitchboardProcess.start(work, List.of("--instance", dir.toString()))) {
            Files.writeString(yaml, original.replace("maxContacts: 50", "maxContacts: fifty"));
            assertTrue(server.process().awaitOutput(l -> l.contains("maxContacts"), Duration.ofSeconds(15)),
                    "bad reload not reported:\n" + server.process().tail(30));
            assertEquals(200, server.get("/health").statusCode(), "a bad reload must not take the server down");
            assertTrue(server.get("/health").body().contains("2 queues"));

            Files.writeString(yaml, original.replace("queues:\n  - name: Sales", "queues:\n  - name: Billing\n"
                    + "    hours: 24x7\n  - name: Sales"));
            assertTrue(server.process().awaitOutput(l -> l.contains("reloaded"), Duration.ofSeconds(15)),
                    "good reload not applied:\n" + server.process().tail(30));
            JsonNode health = new ObjectMapper().readTree(server.get("/health").body());
            assertTrue(health.path("modules").path("config").path("detail").asText().contains("3 queues"),
                    health.toString());
            assertEquals(0, server.stop(EXIT_TIMEOUT));
        }
    }

    @Test
    void jsonLogLinesWhenAsked() throws Exception {
        List<String> command = new ArrayList<>(List.of(ServerLifecycleIT.javaBin(), "-jar",
                SwitchboardProcess.jar().toString(), "--data", work.resolve("data").toString(), "--bind", "127.0.0.1",
                "--http-port", Integer.toString(io.switchboard.testkit.FreePorts.tcp()),
                "--sip-port", Integer.toString(io.switchboard.testkit.FreePorts.tcpAndUdp()),
                "--turn-port", Integer.toString(io.switchboard.testkit.FreePorts.tcpAndUdp()),
                "--rtp-ports", ServerLifecycleIT.freeRtpRange()));
        try (PeerProcess process = PeerProcess.start("json-logs", command, work,
                Map.of("SWITCHBOARD_LOG_FORMAT", "json"))) {
            assertTrue(process.awaitOutput(l -> l.contains("switchboard ready"), Duration.ofSeconds(30)),
                    process.output());
            String ready = process.output().lines().filter(l -> l.contains("switchboard ready")).findFirst()
                    .orElseThrow();
            JsonNode line = new ObjectMapper().readTree(ready);
            assertEquals("INFO", line.path("level").asText(), ready);
            process.terminate();
            assertEquals(0, process.awaitExit(EXIT_TIMEOUT));
        }
    }

    private PeerProcess runJar(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ServerLifecycleIT.javaBin(), "-jar",
                SwitchboardProcess.jar().toString()));
        command.addAll(List.of(args));
        return PeerProcess.start(name, command, work, Map.of());
    }
}

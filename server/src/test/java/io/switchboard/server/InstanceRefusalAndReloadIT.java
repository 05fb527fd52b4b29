package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
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
        try (PackagedServer server = PackagedServer.instance(w -> dir).start()) {
            Files.writeString(yaml, original.replace("maxContacts: 50", "maxContacts: fifty"));
            Await.until("the bad reload refused", Duration.ofSeconds(15),
                    () -> server.metric("switchboard_config_reloads_rejected_total") >= 1);
            // The refusal names the field, as validation reports every problem (file:line: field: problem).
            assertTrue(server.process().awaitOutput(l -> LOCATED.matcher(l).find() && l.contains("maxContacts"),
                    Duration.ofSeconds(5)), "bad reload not reported:\n" + server.process().tail(30));
            assertEquals(0, server.metric("switchboard_config_reloads_total"), "a bad reload must not be applied");
            assertEquals(200, server.get("/health").statusCode(), "a bad reload must not take the server down");
            assertTrue(server.get("/health").body().contains("2 queues"));

            Files.writeString(yaml, original.replace("queues:\n  - name: Sales", "queues:\n  - name: Billing\n"
                    + "    hours: 24x7\n  - name: Sales"));
            Await.until("the good reload applied", Duration.ofSeconds(15),
                    () -> server.metric("switchboard_config_reloads_total") >= 1);
            JsonNode health = server.health();
            assertTrue(health.path("modules").path("config").path("detail").asText().contains("3 queues"),
                    health.toString());
            assertEquals(0, server.metric(IvrCall.queueSeries("Billing")), "the new queue is not in the metrics");
            assertEquals(0, server.stop(EXIT_TIMEOUT));
        }
    }

    @Test
    void jsonLogLinesWhenAsked() throws Exception {
        try (PackagedServer server = PackagedServer.demo().env("SWITCHBOARD_LOG_FORMAT", "json").start()) {
            PeerProcess process = server.process();
            assertTrue(process.awaitOutput(l -> l.contains("switchboard ready"), Duration.ofSeconds(30)),
                    process.output());
            String ready = process.output().lines().filter(l -> l.contains("switchboard ready")).findFirst()
                    .orElseThrow();
            JsonNode line = new ObjectMapper().readTree(ready);
            assertEquals("INFO", line.path("level").asText(), ready);
            assertEquals(0, server.stop(EXIT_TIMEOUT));
        }
    }

    private PeerProcess runJar(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ServerLifecycleIT.javaBin(), "-jar",
                SwitchboardProcess.jar().toString()));
        command.addAll(List.of(args));
        return PeerProcess.start(name, command, work, Map.of());
    }
}

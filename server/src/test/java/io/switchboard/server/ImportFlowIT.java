package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.SwitchboardProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code import-flow} on a flow shaped like an Amazon Connect export (ARNs for prompts,
 * queues, flows and hours; editor Metadata): one unmapped queue refuses the import with that reference's
 * line; once it is mapped the flow is written, the instance validates and the server publishes it.
 */
class ImportFlowIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTANCE_ARN =
            "arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c-aaaa-bbbb-cccc-111122223333";
    private static final String SALES = INSTANCE_ARN + "/queue/aaaaaaaa-0000-0000-0000-000000000001";
    private static final String SUPPORT = INSTANCE_ARN + "/queue/aaaaaaaa-0000-0000-0000-000000000002";
    private static final String HOLD_FLOW = INSTANCE_ARN + "/contact-flow/cccccccc-0000-0000-0000-000000000003";
    private static final String HOURS = INSTANCE_ARN + "/operating-hours/bbbbbbbb-0000-0000-0000-000000000001";
    /** The prompt's trailing id is its local name, so it needs no mapping. */
    private static final String WELCOME = INSTANCE_ARN + "/prompt/welcome";

    @TempDir
    Path work;

    private static String exportedFlow() {
        return """
                {
                  "Version": "2019-10-30",
                  "StartAction": "7a1c0e52-1f0b-4f8e-9a51-000000000001",
                  "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "name": "Main menu", "type": "contactFlow",
                    "ActionMetadata": {"7a1c0e52-1f0b-4f8e-9a51-000000000001": {"position": {"x": 160, "y": 40}}}},
                  "Actions": [
                    {"Identifier": "7a1c0e52-1f0b-4f8e-9a51-000000000001", "Type": "CheckHoursOfOperation",
                     "Parameters": {"HoursOfOperationId": "%s"},
                     "Transitions": {"NextAction": "hold-hook", "Conditions": [
                       {"NextAction": "hold-hook", "Condition": {"Operator": "Equals", "Operands": ["True"]}},
                       {"NextAction": "bye", "Condition": {"Operator": "Equals", "Operands": ["False"]}}],
                      "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "hold-hook", "Type": "UpdateContactEventHooks",
                     "Parameters": {"EventHooks": {"CustomerQueue": "%s"}},
                     "Transitions": {"NextAction": "welcome", "Errors": [{"NextAction": "welcome", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "welcome", "Type": "MessageParticipant", "Parameters": {"PromptId": "%s"},
                     "Transitions": {"NextAction": "menu", "Errors": [{"NextAction": "menu", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "menu", "Type": "GetParticipantInput",
                     "Parameters": {"Text": "Press 1 for sales, 2 for support.", "InputTimeLimitSeconds": "5", "StoreInput": "False"},
                     "Transitions": {"NextAction": "set-queue-support", "Conditions": [
                       {"NextAction": "set-queue-sales", "Condition": {"Operator": "Equals", "Operands": ["1"]}},
                       {"NextAction": "set-queue-support", "Condition": {"Operator": "Equals", "Operands": ["2"]}}],
                      "Errors": [{"NextAction": "set-queue-support", "ErrorType": "InputTimeLimitExceeded"},
                       {"NextAction": "set-queue-support", "ErrorType": "NoMatchingCondition"},
                       {"NextAction": "set-queue-support", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "set-queue-sales", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "%s"},
                     "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "set-queue-support", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "%s"},
                     "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
                     "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
                       {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
                  ]
                }
                """.formatted(HOURS, HOLD_FLOW, WELCOME, SALES, SUPPORT);
    }

    private PeerProcess runJar(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ServerLifecycleIT.javaBin(), "-jar",
                SwitchboardProcess.jar().toString()));
        command.addAll(List.of(args));
        return PeerProcess.start(name, command, work, Map.of());
    }

    @Test
    void unmappedReferenceRefusesTheImportThenMappingItWritesAFlowThatLoads() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path exported = work.resolve("Main menu.json");
        Files.writeString(exported, exportedFlow());
        // The instance's own mapping: ids and whole ARNs, three of the four ARNs that need one.
        Files.writeString(instance.resolve("flow-mapping.yaml"), String.join("\n",
                "# ARN or id -> local name",
                "aaaaaaaa-0000-0000-0000-000000000001: Sales",
                "\"" + HOLD_FLOW + "\": demo-queue-hold",
                "bbbbbbbb-0000-0000-0000-000000000001: 24x7", ""));
        Path written = instance.resolve("flows/Main menu.json");

        PeerProcess refused = runJar("import-refused", "import-flow", exported.toString(), "--instance", instance.toString());
        assertEquals(1, refused.awaitExit(EXIT_TIMEOUT), refused.output());
        List<String> unmapped = refused.output().lines().filter(l -> l.startsWith("Main menu.json: action")).toList();
        assertEquals(List.of("Main menu.json: action 'set-queue-support' (UpdateContactTargetQueue): Parameters.QueueId: "
                + "queue '" + SUPPORT + "' is not mapped (no queue 'aaaaaaaa-0000-0000-0000-000000000002' in the instance)"),
                unmapped, refused.output());
        assertFalse(Files.exists(written), "nothing is written while a reference is unmapped");

        Path mapping = work.resolve("more-mapping.yaml");
        Files.writeString(mapping, Files.readString(instance.resolve("flow-mapping.yaml"))
                + "\"" + SUPPORT + "\": Support\n");
        PeerProcess imported = runJar("import-ok", "import-flow", exported.toString(), "--instance", instance.toString(),
                "--mapping", mapping.toString());
        assertEquals(0, imported.awaitExit(EXIT_TIMEOUT), imported.output());
        assertTrue(imported.output().contains("imported Main menu.json as flows/Main menu.json (5 references mapped)"),
                imported.output());

        JsonNode flow = new ObjectMapper().readTree(written.toFile());
        List<String> references = new ArrayList<>();
        for (JsonNode action : flow.path("Actions")) {
            JsonNode p = action.path("Parameters");
            for (String field : List.of("HoursOfOperationId", "PromptId", "QueueId")) {
                if (p.has(field)) {
                    references.add(p.get(field).asText());
                }
            }
            p.path("EventHooks").forEach(hook -> references.add(hook.asText()));
        }
        assertEquals(List.of("24x7", "demo-queue-hold", "welcome", "Sales", "Support"), references);

        PeerProcess valid = runJar("validate", "validate", instance.toString());
        assertEquals(0, valid.awaitExit(EXIT_TIMEOUT), valid.output());

        try (PackagedServer server = PackagedServer.instance(dir -> instance).start()) {
            String flows = server.healthDetail("routing-adapter");
            assertTrue(flows.contains("flows published") && !flows.contains("problems"), server.health().toString());
            // The imported flow is published with the instance's own and the shipped defaults: none was left out.
            long instanceFlows;
            try (Stream<Path> files = Files.list(instance.resolve("flows"))) {
                instanceFlows = files.filter(f -> f.toString().endsWith(".json")).count();
            }
            assertEquals(FlowLibrary.DEFAULT_FLOWS.size() + instanceFlows, server.metric("switchboard_flows_published"),
                    server.metrics().text());
            assertEquals(0, server.stop(EXIT_TIMEOUT));
        }
    }

    @Test
    void anExistingFlowIsOnlyReplacedWhenAsked() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path exported = work.resolve("demo-inbound.json");
        Files.writeString(exported, exportedFlow().replace(SUPPORT, "Support").replace(SALES, "Sales")
                .replace(HOLD_FLOW, "demo-queue-hold").replace(HOURS, "24x7"));
        String before = Files.readString(instance.resolve("flows/demo-inbound.json"));

        PeerProcess kept = runJar("import-kept", "import-flow", exported.toString(), "--instance", instance.toString());
        assertEquals(1, kept.awaitExit(EXIT_TIMEOUT), kept.output());
        assertEquals(before, Files.readString(instance.resolve("flows/demo-inbound.json")));

        PeerProcess replaced = runJar("import-replace", "import-flow", exported.toString(), "--instance",
                instance.toString(), "--replace");
        assertEquals(0, replaced.awaitExit(EXIT_TIMEOUT), replaced.output());
        assertTrue(Files.readString(instance.resolve("flows/demo-inbound.json")).contains("set-queue-support"));
    }
}

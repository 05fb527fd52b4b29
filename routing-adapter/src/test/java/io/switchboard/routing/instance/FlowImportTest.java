package io.switchboard.routing.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported flow checked against the demo instance, and the instance's mapping file. */
class FlowImportTest {

    private static final String ARN = "arn:aws:connect:eu-west-2:123456789012:instance/9f0e1d2c-0000-4000-8000-000000000000";
    private static final String SALES_ARN = ARN + "/queue/11111111-2222-3333-4444-555555555555";

    @TempDir
    Path dir;
    private InstanceConfig demo;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void loadDemo() throws Exception {
        LoadResult loaded = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("instance")));
        assertTrue(loaded.isValid(), loaded.problems().toString());
        demo = loaded.config();
    }

    private ObjectNode exported(String secondType, String secondParameters) throws Exception {
        return (ObjectNode) json.readTree("""
                {"Version": "2019-10-30", "StartAction": "welcome", "Actions": [
                 {"Identifier": "welcome", "Type": "MessageParticipant",
                  "Parameters": {"PromptId": "%s/prompt/welcome"},
                  "Transitions": {"NextAction": "queue", "Errors": [{"NextAction": "queue", "ErrorType": "NoMatchingError"}]}},
                 {"Identifier": "queue", "Type": "%s", "Parameters": %s,
                  "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                 {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
                  "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
                   {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
                 {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
                """.formatted(ARN, secondType, secondParameters));
    }

    @Test
    void mappedFlowLoadsWithTheInstance() throws Exception {
        FlowImport.Result result = FlowImport.check(demo, "imported", exported("UpdateContactTargetQueue",
                "{\"QueueId\": \"" + SALES_ARN + "\"}"), Map.of(SALES_ARN, "Sales"));
        assertTrue(result.loads(), result.unmapped() + " " + result.problems());
        assertEquals(2, result.rewritten());
        assertEquals("welcome", result.document().path("Actions").get(0).path("Parameters").path("PromptId").asText());
        assertEquals("Sales", result.document().path("Actions").get(1).path("Parameters").path("QueueId").asText());
    }

    @Test
    void unmappedQueueIsReportedAndLoadingIsNotTried() throws Exception {
        FlowImport.Result result = FlowImport.check(demo, "imported", exported("UpdateContactTargetQueue",
                "{\"QueueId\": \"" + SALES_ARN + "\"}"), Map.of());
        assertFalse(result.loads());
        assertEquals(List.of("action 'queue' (UpdateContactTargetQueue): Parameters.QueueId: queue '" + SALES_ARN
                + "' is not mapped (no queue '11111111-2222-3333-4444-555555555555' in the instance)"),
                result.unmapped().stream().map(Object::toString).toList());
        assertEquals(List.of(), result.problems());
    }

    @Test
    void mappedFlowWithAnUnsupportedBlockIsRefusedByTheLoader() throws Exception {
        FlowImport.Result result = FlowImport.check(demo, "imported", exported("ConnectParticipantWithLexBot",
                "{\"LexV2Bot\": {\"AliasArn\": \"arn:aws:lex:eu-west-2:123456789012:bot-alias/A/B\"}}"), Map.of());
        assertTrue(result.unmapped().isEmpty());
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertEquals("flows/imported.json", result.problems().get(0).file());
        assertEquals("queue", result.problems().get(0).actionId());
    }
}

package io.switchboard.routing.flow.log;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow logs land as one JSON object per line in a file per UTC day. */
class JsonLinesFlowLogSinkTest {

    private static FlowLogEntry entry(String at, String id) throws Exception {
        return new FlowLogEntry(Instant.parse(at), "c-1", "arn:x/contact-flow/f", "Main", "PlayPrompt", id,
                new ObjectMapper().readTree("{\"Text\":\"Hello +15551230000\"}"), null);
    }

    @Test
    void writesOneLinePerEntryIntoTheFileOfItsDay(@TempDir Path data) throws Exception {
        try (JsonLinesFlowLogSink sink = new JsonLinesFlowLogSink(data)) {
            sink.append(entry("2024-07-10T23:59:59.500Z", "a"));
            sink.append(entry("2024-07-11T00:00:00.250Z", "b"));
            sink.append(entry("2024-07-11T00:00:01Z", "c"));
        }
        Path dir = data.resolve("streams/flow-logs");
        List<String> day1 = Files.readAllLines(dir.resolve("2024-07-10.jsonl"));
        List<String> day2 = Files.readAllLines(dir.resolve("2024-07-11.jsonl"));
        assertEquals(1, day1.size());
        assertEquals(2, day2.size());
        JsonNode line = new ObjectMapper().readTree(day2.get(0));
        assertEquals("2024-07-11T00:00:00.250Z", line.get("Timestamp").asText());
        assertEquals("c-1", line.get("ContactId").asText());
        assertEquals("arn:x/contact-flow/f", line.get("ContactFlowId").asText());
        assertEquals("Main", line.get("ContactFlowName").asText());
        assertEquals("PlayPrompt", line.get("ContactFlowModuleType").asText());
        assertEquals("b", line.get("Identifier").asText());
        assertEquals("Hello +15551230000", line.at("/Parameters/Text").asText());
        assertTrue(line.has("Results"));
    }

    @Test
    void appendsAcrossRestartsAndDropsAfterClose(@TempDir Path data) throws Exception {
        try (JsonLinesFlowLogSink sink = new JsonLinesFlowLogSink(data)) {
            sink.append(entry("2024-07-10T10:00:00Z", "a"));
        }
        JsonLinesFlowLogSink again = new JsonLinesFlowLogSink(data);
        again.append(entry("2024-07-10T11:00:00Z", "b"));
        again.close();
        again.append(entry("2024-07-10T12:00:00Z", "c"));
        assertEquals(1, again.dropped());
        assertEquals(2, Files.readAllLines(data.resolve("streams/flow-logs/2024-07-10.jsonl")).size());
    }
}

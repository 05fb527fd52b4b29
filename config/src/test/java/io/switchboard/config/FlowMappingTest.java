package io.switchboard.config;

import static io.switchboard.config.InstanceLoaderTest.assertProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.FlowMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flow-mapping.yaml in an instance directory: read with the instance, references it covers checked like any
 * other reference, its own problems located, and the same file read on its own for import-flow.
 */
class FlowMappingTest {

    private static final String INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c";
    private static final String SALES_ARN = INSTANCE + "/queue/aaaa-0001";
    private static final String HOURS_ARN = INSTANCE + "/operating-hours/bbbb-0001";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:lookup:live";

    @TempDir
    Path dir;

    @BeforeEach
    void validInstance() throws IOException {
        TestInstance.write(dir);
    }

    /** A flow naming a queue, hours and an agent by what an export writes; line 6 holds QueueId. */
    private void exportedFlow(String queueId) throws IOException {
        Files.writeString(dir.resolve("flows/main.json"), """
                {
                  "Version": "2019-10-30",
                  "StartAction": "queue",
                  "Actions": [
                    {"Identifier": "queue", "Type": "UpdateContactTargetQueue",
                     "Parameters": {"QueueId": "%s"},
                     "Transitions": {"NextAction": "hours"}},
                    {"Identifier": "hours", "Type": "CheckHoursOfOperation",
                     "Parameters": {"HoursOfOperationId": "%s"},
                     "Transitions": {"NextAction": "bye"}},
                    {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}}
                  ]
                }
                """.formatted(queueId, HOURS_ARN));
    }

    private void mapping(String yaml) throws IOException {
        Files.writeString(dir.resolve(FlowMapping.FILE), yaml);
    }

    @Test
    void anInstanceWithoutMappingHasAnEmptyOne() {
        assertTrue(InstanceLoader.load(dir).config().flowMapping().isEmpty());
    }

    @Test
    void referencesResolveThroughWholeArnsAndTrailingIds() throws IOException {
        exportedFlow(SALES_ARN);
        mapping("# ARN or id -> local name\n\"" + SALES_ARN + "\": Sales\nbbbb-0001: Office\n");
        LoadResult result = InstanceLoader.load(dir);
        assertEquals(List.of(), result.problems());
        FlowMapping loaded = result.config().flowMapping();
        assertEquals(Map.of(SALES_ARN, "Sales", "bbbb-0001", "Office"), loaded.entries());
        assertEquals(new FlowMapping.Match("bbbb-0001", "Office", 3), loaded.match(HOURS_ARN).orElseThrow());
    }

    @Test
    void aMappedBareIdIsNotReportedAsAnUnknownName() throws IOException {
        exportedFlow("aaaa-0001");
        assertProblems(dir, "flows/main.json:6: Actions[0].Parameters.QueueId: unknown queue \"aaaa-0001\"");
        mapping("aaaa-0001: Sales\n");
        assertProblems(dir);
    }

    @Test
    void aReferenceMappedToNothingIsAnInstanceProblemAtTheFlowLine() throws IOException {
        exportedFlow(SALES_ARN);
        mapping("aaaa-0001: Salez\nbbbb-0001: Nights\n");
        assertProblems(dir,
                "flows/main.json:6: Actions[0].Parameters.QueueId: unknown queue \"Salez\" "
                        + "(flow-mapping.yaml:1 maps \"aaaa-0001\" to it)",
                "flows/main.json:9: Actions[1].Parameters.HoursOfOperationId: unknown hours of operation \"Nights\" "
                        + "(flow-mapping.yaml:2 maps \"bbbb-0001\" to it)");
    }

    @Test
    void unmappedArnsAreLeftToTheFlowLoader() throws IOException {
        exportedFlow(SALES_ARN);
        assertProblems(dir);
    }

    @Test
    void mappingFileProblemsAreLocated() throws IOException {
        mapping("abc: Sales\ndef:\n  - Support\nghi:\n");
        assertProblems(dir,
                "flow-mapping.yaml:3: def: expected a local name, found a list",
                "flow-mapping.yaml:4: ghi: expected a local name, found nothing");
        mapping("- Sales\n");
        assertProblems(dir, "flow-mapping.yaml:1: (document): expected a mapping of ARN or id to local name, "
                + "found a list");
    }

    @Test
    void anEmptyMappingFileIsAnEmptyMapping() throws IOException {
        mapping("# nothing mapped yet\n");
        assertTrue(InstanceLoader.load(dir).config().flowMapping().isEmpty());
    }

    @Test
    void lambdaArnsMatchByFunctionNameWithoutQualifier() {
        FlowMapping m = new FlowMapping(Map.of("lookup", "customer-lookup"), Map.of("lookup", 1));
        assertEquals("customer-lookup", m.match(LAMBDA_ARN).orElseThrow().name());
        assertEquals("lookup", FlowMapping.trailingId(LAMBDA_ARN));
        assertEquals("aaaa-0001", FlowMapping.trailingId(SALES_ARN));
        assertTrue(m.match("lookup-2").isEmpty());
        assertTrue(m.match("{{SALES_QUEUE}}").isEmpty());
    }

    @Test
    void aMappingFileReadOnItsOwnForImport() throws IOException {
        Path file = dir.resolve("more.yaml");
        Files.writeString(file, "\"" + SALES_ARN + "\": Sales\n");
        FlowMappingFile.Result ok = FlowMappingFile.read(file);
        assertTrue(ok.isValid(), ok.problems().toString());
        assertEquals(Map.of(SALES_ARN, "Sales"), ok.mapping().entries());

        Files.writeString(file, "abc: [Sales]\n");
        FlowMappingFile.Result bad = FlowMappingFile.read(file);
        assertNull(bad.mapping());
        assertEquals(List.of("more.yaml:1: abc: expected a local name, found a list"),
                bad.problems().stream().map(ConfigProblem::toString).toList());
    }
}

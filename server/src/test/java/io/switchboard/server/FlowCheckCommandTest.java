package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flow-check}: a verdict per block, with and without an instance to check the references against. */
class FlowCheckCommandTest {

    private static final String FLOW = """
            {"Version": "2019-10-30", "StartAction": "hello",
             "Actions": [
               {"Identifier": "hello", "Type": "MessageParticipant", "Parameters": {"SSML": "$.Attributes.greeting"},
                "Transitions": {"NextAction": "%s", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
               {"Identifier": "bot", "Type": "ConnectParticipantWithLexBot", "Parameters": {"Text": "Hi"},
                "Transitions": {"NextAction": "queue"}},
               {"Identifier": "queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "{{BILLING_QUEUE}}"},
                "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
               {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
             ]}
            """;

    @TempDir
    Path work;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAnInstanceOnlyTheBlocksAreJudged() throws Exception {
        Path file = Files.writeString(work.resolve("main.json"), FLOW.formatted("bot"));
        Run r = run("flow-check", file.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("main.json: 4 blocks, 3 supported, 1 refused"), r.out());
        assertTrue(r.out().contains("  supported  hello (MessageParticipant)"), r.out());
        assertTrue(r.out().contains("  refused    bot (ConnectParticipantWithLexBot): action type ConnectParticipantWithLexBot"
                + " is not supported: Amazon Lex bots are not available"), r.out());
        assertTrue(r.out().contains("  supported  queue (UpdateContactTargetQueue)"), "placeholders are not judged: " + r.out());
        assertTrue(r.out().contains("main.json: does not load"), r.out());
    }

    @Test
    void aFlowOfSupportedBlocksLoads() throws Exception {
        String withoutBot = FLOW.formatted("queue").replaceAll("(?s)\\{\"Identifier\": \"bot\".*?\"queue\"}},", "");
        Path file = Files.writeString(work.resolve("ok.json"), withoutBot);
        Run r = run("flow-check", file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ok.json: loads"), r.out());
    }

    @Test
    void withAnInstanceAnUnmappedReferenceRefusesItsBlock() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path file = Files.writeString(work.resolve("ok.json"), FLOW.formatted("queue"));
        Run r = run("flow-check", file.toString(), "--instance", instance.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("  refused    queue (UpdateContactTargetQueue): Parameters.QueueId: queue '{{BILLING_QUEUE}}'"
                + " is an unresolved placeholder"), r.out());
        assertTrue(r.out().contains("  supported  hello (MessageParticipant)"), r.out());
    }

    @Test
    void aFileThatIsNotAFlowIsNamed() throws Exception {
        Path file = Files.writeString(work.resolve("x.json"), "{\"modules\": []}");
        Run r = run("flow-check", file.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("x.json: not a flow in the Amazon Connect flow language"), r.err());
    }
}

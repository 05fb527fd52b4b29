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

/** {@code simulate}: a flow run without a call, from a file or from an instance, with keys and attributes. */
class SimulateCommandTest {

    private static final String MAIN = """
            {"Version": "2019-10-30", "StartAction": "ask",
             "Actions": [
               {"Identifier": "ask", "Type": "GetParticipantInput",
                "Parameters": {"Text": "Hello $.Attributes.name, press 1", "InputTimeLimitSeconds": "5"},
                "Transitions": {"Conditions": [{"NextAction": "go", "Condition": {"Operator": "Equals", "Operands": ["1"]}}],
                  "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingCondition"},
                             {"NextAction": "bye", "ErrorType": "InputTimeLimitExceeded"}]}},
               {"Identifier": "go", "Type": "TransferToFlow", "Parameters": {"ContactFlowId": "other"}, "Transitions": {}},
               {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
             ]}
            """;
    private static final String OTHER = """
            {"Version": "2019-10-30", "StartAction": "say",
             "Actions": [
               {"Identifier": "say", "Type": "MessageParticipant", "Parameters": {"Text": "In the other flow"},
                "Transitions": {"NextAction": "bye"}},
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
    void aFileRunsWithTheFlowsBesideIt() throws Exception {
        Path main = Files.writeString(work.resolve("main.json"), MAIN);
        Files.writeString(work.resolve("other.json"), OTHER);
        Run r = run("simulate", main.toString(), "--input", "1", "name=Ann");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("caller hears \"Hello Ann, press 1\""), r.out());
        assertTrue(r.out().contains("caller keys 1"), r.out());
        assertTrue(r.out().contains("[main] ask (GetUserInput) -> 1"), r.out());
        assertTrue(r.out().contains("[main] go (TransferToFlow) -> other"), r.out());
        assertTrue(r.out().contains("caller hears \"In the other flow\""), r.out());
        assertTrue(r.out().contains("contact ended: CONTACT_FLOW_DISCONNECT"), r.out());
    }

    @Test
    void theDemoFlowRunsFromTheInstance() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        String flow = "demo-inbound";
        assertTrue(Files.exists(instance.resolve("flows").resolve(flow + ".json")), "the demo's main flow");
        Run r = run("simulate", flow, "--instance", instance.toString(), "--input", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("caller keys 2"), r.out());
        assertTrue(r.out().contains("the contact is queued in Support"), r.out());
    }

    @Test
    void theDemoCallbackLineSaysWhatCallbackItMakes() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("callback-instance"));
        Run r = run("simulate", "demo-callback", "--instance", instance.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("a callback to +15551230000 is queued in Sales with the caller's place"), r.out());
    }

    @Test
    void aFlowThatDoesNotLoadIsRefusedWithItsProblems() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.json"), MAIN.replace("\"TransferToFlow\"", "\"ConnectParticipantWithLexBot\""));
        Run r = run("simulate", bad.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("Amazon Lex bots are not available"), r.err());
    }
}

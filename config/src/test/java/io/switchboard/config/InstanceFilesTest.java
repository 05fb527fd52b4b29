package io.switchboard.config;

import static io.switchboard.config.InstanceLoaderTest.assertProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.model.Prompt;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files beside instance.yaml: flows/*.json and prompts/*.wav, each class of error with its message. */
class InstanceFilesTest {

    private static final String HINT = " (convert with: sox IN -r 8000 -c 1 -b 16 -e signed-integer OUT.wav)";

    @TempDir
    Path dir;

    @BeforeEach
    void validInstance() throws IOException {
        TestInstance.write(dir);
    }

    @Test
    void flowThatIsNotJson() throws IOException {
        flow("{\n  \"Version\": \"2019-10-30\",\n  \"StartAction\": \n}\n");
        assertProblems(dir, "flows/main.json:4: (syntax): syntax error: Unexpected character ('}' (code 125)): "
                + "expected a value");
    }

    @Test
    void flowMissingItsTopLevelKeys() throws IOException {
        flow("{\n  \"Actions\": []\n}\n");
        assertProblems(dir,
                "flows/main.json:1: Version: missing required key",
                "flows/main.json:1: StartAction: missing required key",
                "flows/main.json:2: Actions: expected a non-empty list of actions");
    }

    @Test
    void flowWithDanglingTransitionsAndDuplicateIdentifiers() throws IOException {
        flow("""
                {
                  "Version": "2019-10-30",
                  "StartAction": "start",
                  "Actions": [
                    {"Identifier": "a", "Type": "MessageParticipant", "Parameters": {},
                     "Transitions": {"NextAction": "b", "Errors": [{"NextAction": "c", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "a", "Type": "DisconnectParticipant"},
                    {"Identifier": "d", "Parameters": []}
                  ]
                }
                """);
        assertProblems(dir,
                "flows/main.json:3: StartAction: no action has Identifier \"start\"",
                "flows/main.json:6: Actions[0].Transitions.NextAction: no action has Identifier \"b\"",
                "flows/main.json:6: Actions[0].Transitions.Errors[0].NextAction: no action has Identifier \"c\"",
                "flows/main.json:7: Actions[1].Identifier: duplicate identifier \"a\" (also at line 5)",
                "flows/main.json:8: Actions[2].Type: missing required key",
                "flows/main.json:8: Actions[2].Parameters: expected an object, found a list");
    }

    @Test
    void flowNamingMissingPromptsQueuesAndFlows() throws IOException {
        flow("""
                {
                  "Version": "2019-10-30",
                  "StartAction": "a",
                  "Actions": [
                    {"Identifier": "a", "Type": "MessageParticipant", "Parameters": {"PromptId": "welcome"},
                     "Transitions": {"NextAction": "b"}},
                    {"Identifier": "b", "Type": "UpdateContactTargetQueue",
                     "Parameters": {"QueueId": "Support"}, "Transitions": {"NextAction": "c"}},
                    {"Identifier": "c", "Type": "UpdateContactEventHooks",
                     "Parameters": {"EventHooks": {"CustomerQueue": "hold"}}, "Transitions": {"NextAction": "d"}},
                    {"Identifier": "d", "Type": "MessageParticipantIteratively",
                     "Parameters": {"Messages": [{"PromptId": "beep"}, {"PromptId": "music"}]},
                     "Transitions": {"NextAction": "e"}},
                    {"Identifier": "e", "Type": "UpdateContactTargetQueue",
                     "Parameters": {"QueueId": "arn:aws:connect:us-east-1:1:instance/x/queue/y"}, "Transitions": {"NextAction": "f"}},
                    {"Identifier": "f", "Type": "MessageParticipant", "Parameters": {"PromptId": "$.Attributes.prompt"}}
                  ]
                }
                """);
        assertProblems(dir,
                "flows/main.json:5: Actions[0].Parameters.PromptId: unknown prompt \"welcome\" (no prompts/welcome.wav)",
                "flows/main.json:8: Actions[1].Parameters.QueueId: unknown queue \"Support\"",
                "flows/main.json:10: Actions[2].Parameters.EventHooks.CustomerQueue: unknown flow \"hold\" (no flows/hold.json)",
                "flows/main.json:12: Actions[3].Parameters.Messages[1].PromptId: unknown prompt \"music\" (no prompts/music.wav)");
    }

    @Test
    void aBrokenFlowStillCountsAsPresentForReferences() throws IOException {
        // Only the flow's own problem: the number naming it is not also reported as dangling.
        flow("[]");
        assertProblems(dir, "flows/main.json:1: (document): a flow must be a JSON object, found a list");
    }

    @Test
    void flowDocumentIsKept() {
        LoadResult result = InstanceLoader.load(dir);
        assertEquals("bye", result.config().flow("main").orElseThrow().startAction());
        assertEquals("DisconnectParticipant",
                result.config().flow("main").orElseThrow().document().path("Actions").path(0).path("Type").asText());
    }

    @Test
    void promptWithTheWrongSampleRate() throws IOException {
        prompt(TestInstance.wav(1, 16000, 16, 1, 100));
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: sample rate is 16000 Hz; prompts must be 8000 Hz" + HINT);
    }

    @Test
    void promptInStereo() throws IOException {
        prompt(TestInstance.wav(1, 8000, 16, 2, 100));
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: 2 channels; prompts must be mono" + HINT);
    }

    @Test
    void promptIn8BitLinearPcm() throws IOException {
        prompt(TestInstance.wav(1, 8000, 8, 1, 100));
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: encoding is format 1 with 8 bits; prompts must be "
                + "16-bit PCM or G.711 mu-law/A-law" + HINT);
    }

    @Test
    void promptThatIsNotWav() throws IOException {
        prompt("ID3 this is an mp3".getBytes());
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: not a RIFF WAVE file" + HINT);
    }

    @Test
    void promptOf50MegabytesOrMore() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("prompts/beep.wav").toFile(), "rw")) {
            f.setLength(Prompt.MAX_FILE_BYTES); // sparse: cheap to create
        }
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: file is 52428800 bytes; prompts must be under 50 MB");
    }

    @Test
    void largeMetadataBeforeTheSamplesIsSkipped() throws IOException {
        byte[] plain = TestInstance.wav(1, 8000, 16, 1, 800);
        int listBytes = 100_001; // odd: the chunk is padded to an even length
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(plain.length + 8 + listBytes + 1)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(plain, 0, 36); // RIFF header and fmt chunk
        b.put("LIST".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(listBytes).put(new byte[listBytes + 1]);
        b.put(plain, 36, plain.length - 36); // data chunk
        prompt(b.array());
        Prompt beep = InstanceLoader.load(dir).config().prompt("beep").orElseThrow();
        assertEquals(36 + 8 + listBytes + 1 + 8, beep.dataOffset());
        assertEquals(1600, beep.dataBytes());
    }

    @Test
    void truncatedPrompt() throws IOException {
        prompt(java.util.Arrays.copyOf(TestInstance.wav(1, 8000, 16, 1, 800), 40));
        assertProblems(dir, "prompts/beep.wav:0: prompts.beep: no data chunk found");
    }

    @Test
    void g711PromptsAreAccepted() throws IOException {
        Files.write(dir.resolve("prompts/ulaw.wav"), TestInstance.wav(7, 8000, 8, 1, 8000));
        Files.write(dir.resolve("prompts/alaw.wav"), TestInstance.wav(6, 8000, 8, 1, 4000));
        LoadResult result = InstanceLoader.load(dir);
        Prompt ulaw = result.config().prompt("ulaw").orElseThrow();
        assertEquals(Prompt.Encoding.PCMU, ulaw.encoding());
        assertEquals(1000, ulaw.duration().toMillis());
        assertEquals(44, ulaw.dataOffset());
        assertEquals(Prompt.Encoding.PCMA, result.config().prompt("alaw").orElseThrow().encoding());
        assertEquals(100, result.config().prompt("beep").orElseThrow().duration().toMillis());
    }

    private void flow(String json) throws IOException {
        Files.writeString(dir.resolve("flows/main.json"), json);
    }

    private void prompt(byte[] bytes) throws IOException {
        Files.write(dir.resolve("prompts/beep.wav"), bytes);
    }
}

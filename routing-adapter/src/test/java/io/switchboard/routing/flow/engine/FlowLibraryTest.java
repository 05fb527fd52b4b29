package io.switchboard.routing.flow.engine;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.port.InMemoryResourceCatalog;
import io.switchboard.routing.testing.EngineHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a set of flows: defaults, overrides by name, and failures that do not take the rest down. */
class FlowLibraryTest {

    @Test
    void defaultsArePublishedAndOverridableByName() {
        String mine = flow("m", say("m", "our own queue message", "end"), action("end", "EndFlowExecution", "", ""));
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("Default customer queue", mine)),
                EngineHarness.catalog(), ReferenceResolver.identity());
        assertEquals(List.of(), library.problems());
        assertTrue(library.names().containsAll(FlowLibrary.DEFAULT_FLOWS.keySet()));
        assertEquals("Default customer queue.json", library.flow("Default customer queue").orElseThrow().file());
        assertTrue(library.flow("Default agent whisper").orElseThrow().file().startsWith("(built-in)"));
    }

    @Test
    void defaultsNeedTheirPromptsInTheCatalog() {
        FlowLibrary library = FlowLibrary.load(List.of(), InMemoryResourceCatalog.builder().build(), ReferenceResolver.identity());
        assertTrue(library.flow("Default customer queue").isEmpty());
        assertTrue(library.flow("Default agent whisper").isPresent(), "speaks the queue name, needs no prompt");
        assertTrue(library.problems().stream().anyMatch(p -> p.message().contains("unknown prompt 'CustomerQueue.wav'")));
    }

    @Test
    void theVoicesPublishedFlowsSpeakWithAreListedForTheLoadTimeCheck() {
        String speaking = flow("v",
                action("v", "UpdateContactTextToSpeechVoice", "\"TextToSpeechVoice\":\"Celine\"", next("ssml")),
                action("ssml", "MessageParticipant", "\"SSML\":\"<speak>Bonjour</speak>\"",
                        join(next("dyn"), errors(error("NoMatchingError", "bye")))),
                action("dyn", "UpdateContactTextToSpeechVoice", "\"TextToSpeechVoice\":\"$.Attributes.voice\"",
                        join(next("prompt"), errors(error("NoMatchingError", "bye")))),
                action("prompt", "MessageParticipant", "\"PromptId\":\"Welcome.wav\"",
                        join(next("bye"), errors(error("NoMatchingError", "bye")))),
                hangUp("bye"));
        String broken = flow("x", say("x", "never published", "y"), action("y", "Nonsense", "", ""));
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("speaking", speaking, "broken", broken)),
                EngineHarness.catalog(), ReferenceResolver.identity());
        List<String> uses = library.speechUses().stream()
                .filter(u -> !u.file().startsWith("(built-in)")).map(u -> u + " " + u.voice()).toList();
        // A voice read from an attribute is known only when the block runs; a prompt needs no voice.
        assertEquals(List.of("speaking.json: action 'v' (UpdateContactTextToSpeechVoice) fr-fr+f3",
                "speaking.json: action 'ssml' (MessageParticipant) en-us+f3"), uses);
    }

    @Test
    void anInvalidFlowIsLeftOutAndSoIsAFlowThatNamesIt() {
        String good = flow("hi", leaf("hi", "hi"));
        String bad = flow("x", action("x", "Nonsense", "", ""));
        String caller = flow("go", action("go", "TransferToFlow", "\"ContactFlowId\":\"bad\"", errors(error("NoMatchingError", "bye"))), hangUp("bye"));
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("good", good, "bad", bad, "caller", caller)),
                EngineHarness.catalog(), ReferenceResolver.identity());
        assertTrue(library.flow("good").isPresent());
        assertTrue(library.flow("bad").isEmpty());
        assertTrue(library.flow("caller").isEmpty());
        assertEquals(List.of("bad.json: action 'x' (Nonsense): unknown action type Nonsense",
                        "caller.json: action 'go' (TransferToFlow): parameter ContactFlowId: unknown flow 'bad'"),
                library.problems().stream().map(FlowProblem::toString).sorted().toList());
    }

    @Test
    void filesThatAreNotJsonOrNotFlowsAreReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.json"), flow("hi", leaf("hi", "hi")));
        Files.writeString(dir.resolve("truncated.json"), "{\"Version\": \"2019-10-30\", \"Actions\": [");
        Files.writeString(dir.resolve("old.json"), "{\"Version\": \"2017-03-10\", \"StartAction\": \"a\", \"Actions\": []}");
        Files.writeString(dir.resolve("notes.txt"), "not a flow");
        FlowLibrary library = FlowLibrary.load(FlowSource.readDirectory(dir), EngineHarness.catalog(), ReferenceResolver.identity());
        assertTrue(library.flow("ok").isPresent());
        List<String> problems = library.problems().stream().map(FlowProblem::toString).toList();
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("truncated.json: not valid JSON")), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("old.json: Version must be \"2019-10-30\"")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("old.json: Actions must be a non-empty array")));
    }

    @Test
    void structuralProblems() {
        String dup = flow("a", leaf("a", "x"), leaf("a", "y"));
        String noStart = "{\"Version\":\"2019-10-30\",\"Actions\":[" + hangUp("a") + "]}";
        String badStart = flow("zzz", hangUp("a"));
        String badId = flow("a:b", hangUp("a:b"));
        String badCondition = flow("c", action("c", "Compare", "\"ComparisonValue\":\"$.Channel\"",
                "\"Conditions\":[{\"NextAction\":\"c\",\"Condition\":{\"Operator\":\"Matches\",\"Operands\":[\"x\"]}}]"));
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("dup", dup, "nostart", noStart,
                "badstart", badStart, "badid", badId, "badcond", badCondition)), EngineHarness.catalog(), ReferenceResolver.identity());
        String all = library.problems().stream().map(FlowProblem::toString).reduce("", (x, y) -> x + y + "\n");
        assertTrue(all.contains("dup.json: action 'a' (MessageParticipant): duplicate Identifier"), all);
        assertTrue(all.contains("nostart.json: missing StartAction"), all);
        assertTrue(all.contains("badstart.json: StartAction 'zzz' is not an action of this flow"), all);
        assertTrue(all.contains("badid.json: action 'a:b' (DisconnectParticipant): Identifier contains the disallowed character ':'"), all);
        assertTrue(all.contains("badcond.json: action 'c' (Compare): bad condition"), all);
        assertEquals(List.copyOf(FlowLibrary.DEFAULT_FLOWS.keySet()).stream().sorted().toList(),
                library.names().stream().sorted().toList(), "only the defaults survive");
    }
}

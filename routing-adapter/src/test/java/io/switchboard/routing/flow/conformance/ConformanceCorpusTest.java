package io.switchboard.routing.flow.conformance;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.action.ActionTypes;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.log.FlowLogEntry;
import io.switchboard.routing.testing.EngineHarness;
import io.switchboard.routing.testing.FakeRouter;
import io.switchboard.routing.testing.FakeSignalling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads every corpus flow and runs it on the virtual clock as its {@code Metadata.Conformance} says:
 * setup (clock, percent draw, queue figures), steps (prompt done, keys, seconds, function replies,
 * third-party answers) and expectations (what was spoken last, queued, ended, attributes, tags, flow
 * log results). Refused flows must fail to load on the named block with the reason the conformance
 * matrix lists.
 */
class ConformanceCorpusTest {

    static Stream<Corpus.Entry> supported() {
        return Corpus.supported().stream();
    }

    static Stream<Corpus.Entry> refused() {
        return Corpus.refused().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void runs(Corpus.Entry entry) {
        JsonNode c = entry.conformance();
        assertFalse(entry.covers().isEmpty(), entry + " must say what it covers");
        JsonNode setup = c.path("setup");
        Instant at = setup.has("at") ? Instant.parse(setup.get("at").asText()) : EngineHarness.WEDNESDAY_11_NY;
        EngineHarness h = new EngineHarness(Corpus.library(), at, Corpus.MAPPING);
        if (c.has("loadOnly")) {
            assertTrue(h.library.flow(entry.name()).isPresent(), entry + " publishes");
            return;
        }
        if (setup.has("percent")) {
            h.nextPercent = setup.get("percent").asInt();
        }
        setup.path("metrics").fields().forEachRemaining(m -> h.router.metrics.put(m.getKey(),
                FakeRouter.figures(m.getValue().get(0).asLong(), m.getValue().get(1).asLong(),
                        m.getValue().get(2).asLong(), m.getValue().get(3).asLong())));
        if (setup.path("queueAtCapacity").asBoolean()) {
            h.router.outcome = io.switchboard.routing.port.EnqueueOutcome.AT_CAPACITY;
        }
        if (setup.has("streamingFails")) {
            h.media.streamingFails = setup.get("streamingFails").asText();
        }
        h.start(entry.name());
        for (JsonNode step : c.path("steps")) {
            step(h, step.asText());
        }
        expect(entry, h, c.path("expect"));
    }

    private static void step(EngineHarness h, String step) {
        int colon = step.indexOf(':');
        String verb = colon < 0 ? step : step.substring(0, colon);
        String arg = colon < 0 ? "" : step.substring(colon + 1);
        switch (verb) {
            case "play" -> h.promptDone();
            case "playThrough" -> h.playThrough();
            case "digits" -> h.digits(arg);
            case "seconds" -> h.seconds(Long.parseLong(arg));
            case "reply" -> {
                try {
                    h.functions.last().reply().complete(Corpus.JSON.readTree(arg));
                } catch (java.io.IOException e) {
                    throw new AssertionError("bad reply in corpus: " + arg, e);
                }
                h.run();
            }
            case "answer" -> {
                lastDial(h).answered.complete(null);
                h.run();
            }
            case "thirdPartyHangsUp" -> {
                lastDial(h).ended.complete(null);
                h.run();
            }
            default -> throw new AssertionError("unknown corpus step " + step);
        }
    }

    private static FakeSignalling.FakeCall lastDial(EngineHarness h) {
        assertFalse(h.signalling.dials.isEmpty(), "no third-party call was dialled");
        return h.signalling.dials.get(h.signalling.dials.size() - 1);
    }

    private static void expect(Corpus.Entry entry, EngineHarness h, JsonNode expect) {
        assertFalse(expect.isEmpty(), entry + " must say what to expect");
        String where = entry + ": ";
        if (expect.has("spoken")) {
            assertEquals(expect.get("spoken").asText(), h.lastSpoken(), where + "last prompt");
        }
        if (expect.has("spokenAll")) {
            List<String> all = new ArrayList<>();
            expect.get("spokenAll").forEach(s -> all.add(s.asText()));
            assertEquals(all, h.spoken(), where + "prompts in order");
        }
        if (expect.has("queued")) {
            assertEquals(List.of(expect.get("queued").asText()), h.router.enqueued, where + "queued to");
        }
        if (expect.has("callback")) {
            assertEquals(List.of(expect.get("callback").asText()), h.router.callbacks, where + "callbacks asked for");
        }
        if (expect.has("ended")) {
            assertEquals(expect.get("ended").asBoolean(), !h.ended.isEmpty(), where + "contact ended");
        }
        if (expect.has("dialed")) {
            assertEquals(expect.get("dialed").asText(), lastDial(h).dial.number(), where + "third party dialled");
        }
        if (expect.has("dtmf")) {
            assertEquals(expect.get("dtmf").asText(), lastDial(h).dial.dtmfDigits(), where + "digits sent");
        }
        if (expect.has("voice")) {
            assertEquals(expect.get("voice").asText(), h.contact().textToSpeechVoice(), where + "voice");
        }
        if (expect.has("outboundCallerId")) {
            assertEquals(expect.get("outboundCallerId").asText(), h.contact().outboundCallerId(), where + "caller ID override");
        }
        if (expect.has("streams")) {
            List<String> streams = new java.util.ArrayList<>();
            expect.get("streams").forEach(s -> streams.add(s.asText()));
            assertEquals(streams, h.media.streams, where + "media streams");
        }
        subset(where + "attribute ", expect.path("attributes"), h.contact().attributes());
        subset(where + "tag ", expect.path("tags"), h.contact().data().tags());
        subset(where + "contact data ", expect.path("details"), h.contact().data().details());
        Iterator<Map.Entry<String, JsonNode>> logs = expect.path("results").fields();
        while (logs.hasNext()) {
            Map.Entry<String, JsonNode> e = logs.next();
            String results = h.logs.stream().filter(l -> l.identifier().equals(e.getKey())).map(FlowLogEntry::results)
                    .reduce((a, b) -> b).orElse(null);
            assertNotNull(results, where + "no flow log for block " + e.getKey() + " (is logging on?)");
            assertTrue(results.startsWith(e.getValue().asText()), where + "block " + e.getKey() + " logged '" + results
                    + "', expected it to start with '" + e.getValue().asText() + "'");
        }
    }

    private static void subset(String what, JsonNode expected, Map<String, String> actual) {
        expected.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), actual.get(e.getKey()), what + e.getKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedFlowFailsWithTheMatrixReason(Corpus.Entry entry) {
        JsonNode c = entry.conformance();
        String block = c.path("block").asText();
        String type = c.path("type").asText();
        assertFalse(block.isEmpty() || type.isEmpty(), entry + " must name the refused block and its type");
        String reason = c.has("reason") ? c.get("reason").asText() : ActionTypes.notSupported().get(type);
        assertNotNull(reason, entry + ": " + type + " is neither refused by ActionTypes nor given a reason");
        Map<String, String> flows = new java.util.TreeMap<>(Corpus.library());
        flows.put(entry.name(), entry.json());
        List<FlowProblem> problems = FlowLibrary.load(EngineHarness.sources(flows), EngineHarness.catalog(),
                new ReferenceResolver(Corpus.MAPPING)).problems();
        List<FlowProblem> ours = problems.stream().filter(p -> p.file().equals(entry.name() + ".json")).toList();
        assertFalse(ours.isEmpty(), entry + " loaded, but must be refused");
        assertTrue(ours.stream().allMatch(p -> block.equals(p.actionId())),
                entry + ": only block " + block + " may be refused, got " + ours);
        assertTrue(ours.stream().anyMatch(p -> p.message().contains(reason)),
                entry + ": expected the reason '" + reason + "', got " + ours);
        assertEquals(List.of(), problems.stream().filter(p -> !p.file().equals(entry.name() + ".json")).toList(),
                "the rest of the corpus still publishes");
    }
}

package io.switchboard.routing.flow.engine;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.testing.EngineHarness;
import io.switchboard.routing.testing.FakeRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Flows written from Amazon Connect's documentation and examples (menus, hours checks, Lambda
 * lookups, queue transfers, exported ARNs and Metadata) load and run; unsupported ones fail at load
 * time with messages that name the file, the block and the problem.
 */
class DocumentedFlowsTest {

    /** What an instance's mapping file would say for the ids in the exported flows. */
    static final Map<String, String> MAPPING = Map.of(
            "9e8d7c6b-1111-2222-3333-444455556666", "Welcome.wav",
            "aaaaaaaa-0000-0000-0000-000000000001", "Sales",
            "aaaaaaaa-0000-0000-0000-000000000002", "Support",
            "bbbbbbbb-0000-0000-0000-000000000001", "Office",
            "customer-lookup", "lookup");

    static Map<String, String> read(String directory) {
        try {
            Path dir = Path.of(DocumentedFlowsTest.class.getResource("/" + directory).toURI());
            Map<String, String> flows = new TreeMap<>();
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString().replace(".json", "");
                    flows.put(name, Files.readString(p));
                }
            }
            return flows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EngineHarness harness(Instant at) {
        return new EngineHarness(read("flows"), at, MAPPING);
    }

    @Test
    void everyDocumentedFlowLoads() {
        EngineHarness h = harness(EngineHarness.WEDNESDAY_11_NY);
        assertTrue(h.library.names().containsAll(read("flows").keySet()));
        assertTrue(h.library.names().containsAll(FlowLibrary.DEFAULT_FLOWS.keySet()));
    }

    @Test
    void menuSendsKeyTwoToSupport() {
        EngineHarness h = harness(EngineHarness.WEDNESDAY_11_NY);
        h.start("ivr-menu");
        assertEquals("Welcome.wav", h.lastSpoken(), "the prompt ARN resolves through the mapping");
        h.promptDone();
        assertEquals("Press 1 for sales, 2 for support.", h.lastSpoken());
        h.digits("2");
        assertEquals(List.of("Support"), h.router.enqueued);
        assertTrue(h.contact().recording().agent() && h.contact().recording().customer());
        assertEquals(List.of("5d1a1c5e-0b4e-4a0e-9c3e-1c2a3b4c5d01", "set-voice", "recording", "welcome", "menu",
                "queue-support", "transfer"), h.path().subList(0, 7));
        assertEquals("2", h.logs.get(4).results());
        assertEquals("GetUserInput", h.logs.get(4).contactFlowModuleType());
    }

    @Test
    void menuWithNoInputTwiceGoesToSupport() {
        EngineHarness h = harness(EngineHarness.WEDNESDAY_11_NY);
        h.start("ivr-menu");
        h.promptDone();
        h.promptDone();
        h.seconds(5);
        assertEquals(List.of(), h.router.enqueued, "one retry first");
        h.promptDone();
        h.seconds(5);
        assertEquals(List.of("Support"), h.router.enqueued);
    }

    @Test
    void hoursCheckAtNightSpeaksTheSsmlAndHangsUp() {
        EngineHarness h = harness(Instant.parse("2024-07-11T03:00:00Z"));
        h.start("hours-check");
        assertTrue(h.lastSpoken().startsWith("<speak>We are closed."));
        h.promptDone();
        assertEquals(1, h.ended.size());
        assertTrue(h.router.enqueued.isEmpty());
    }

    @Test
    void lambdaLookupRoutesVipCallers() throws Exception {
        EngineHarness h = harness(EngineHarness.WEDNESDAY_11_NY);
        h.start("lambda-lookup");
        assertEquals("+15551230000", h.functions.last().event().at("/Details/Parameters/phone").asText());
        h.functions.last().reply().complete(new ObjectMapper().readTree("{\"name\":\"Grace\",\"segment\":\"VIP\"}"));
        h.run();
        assertEquals("Welcome back, Grace.", h.lastSpoken());
        h.promptDone();
        assertEquals(List.of("Support"), h.router.enqueued);
    }

    @Test
    void staffingSplitHandsOverToTheHoursFlow() {
        EngineHarness h = harness(EngineHarness.WEDNESDAY_11_NY);
        h.router.metrics.put("Support", FakeRouter.figures(0, 0, 1, 2));
        h.nextPercent = 90;
        h.start("staffing-split");
        assertEquals(List.of("Sales"), h.router.enqueued, "20% go through the hours flow, which queues to Sales when open");
    }

    @Test
    void customerQueueFlowAnnouncesThePositionEveryMinute() {
        String main = "{\"Version\":\"2019-10-30\",\"StartAction\":\"hook\",\"Actions\":["
                + "{\"Identifier\":\"hook\",\"Type\":\"UpdateContactEventHooks\",\"Parameters\":{\"EventHooks\":{\"CustomerQueue\":\"customer-queue-position\"}},\"Transitions\":{\"NextAction\":\"q\"}},"
                + "{\"Identifier\":\"q\",\"Type\":\"UpdateContactTargetQueue\",\"Parameters\":{\"QueueId\":\"Sales\"},\"Transitions\":{\"NextAction\":\"t\"}},"
                + "{\"Identifier\":\"t\",\"Type\":\"TransferContactToQueue\",\"Parameters\":{},\"Transitions\":{}}]}";
        Map<String, String> flows = new TreeMap<>(read("flows"));
        flows.put("main", main);
        EngineHarness h = new EngineHarness(flows, EngineHarness.WEDNESDAY_11_NY, MAPPING);
        h.router.metrics.put("Sales", FakeRouter.figures(4, 30, 0, 2));
        h.start("main");
        assertEquals("There are 4 callers ahead of you in Sales.", h.lastSpoken());
        h.promptDone();
        assertEquals("CustomerQueue.wav", h.lastSpoken());
        h.router.metrics.put("Sales", FakeRouter.figures(2, 30, 0, 2));
        h.seconds(60);
        assertEquals("There are 2 callers ahead of you in Sales.", h.lastSpoken());
    }

    private static List<FlowProblem> problemsOf(String name) {
        Map<String, String> only = Map.of(name, read("unsupported").get(name));
        return FlowLibrary.load(EngineHarness.sources(only), EngineHarness.catalog(), new ReferenceResolver(MAPPING)).problems();
    }

    @Test
    void lexBotIsRefusedByName() {
        assertEquals(List.of("lex-bot.json: action 'bot' (ConnectParticipantWithLexBot): action type "
                + "ConnectParticipantWithLexBot is not supported: Amazon Lex bots are not available"),
                problemsOf("lex-bot").stream().map(FlowProblem::toString).toList());
    }

    @Test
    void s3MediaIsRefused() {
        List<FlowProblem> problems = problemsOf("s3-media");
        assertEquals(1, problems.size());
        assertEquals("play", problems.get(0).actionId());
        assertTrue(problems.get(0).message().contains("Media (audio from S3) is not supported"));
    }

    @Test
    void unresolvedPlaceholderIsNamed() {
        List<FlowProblem> problems = problemsOf("placeholders");
        assertEquals(List.of("placeholders.json: action 'queue' (UpdateContactTargetQueue): parameter QueueId: "
                + "unresolved placeholder '{{SALES_QUEUE_ARN}}' (add it to the reference mapping)"),
                problems.stream().map(FlowProblem::toString).toList());
    }

    @Test
    void everyProblemOfABrokenFlowIsReportedTogether() {
        List<String> problems = problemsOf("broken").stream().map(FlowProblem::toString).toList();
        List<String> expected = List.of(
                "broken.json: action 'welcome' (MessageParticipant): NextAction 'gone' is not an action of this flow",
                "broken.json: action 'welcome' (MessageParticipant): parameter PromptId: unknown prompt 'Nope.wav'",
                "broken.json: action 'play' (PlayPrompt): unknown action type PlayPrompt",
                "broken.json: action 'set' (UpdateContactAttributes): parameter Attributes.a: unknown reference $.BadValue",
                "broken.json: action 'ask' (GetParticipantInput): parameter InputTimeLimitSeconds must be a whole number, not 'five'",
                "broken.json: action 'ask' (GetParticipantInput): error type CallFailed is not one of GetParticipantInput's "
                        + "[InputTimeLimitExceeded, InvalidPhoneNumber, NoMatchingCondition, NoMatchingError]",
                "broken.json: action 'ask' (GetParticipantInput): condition Equals 12 is not allowed: a menu compares one key (0-9, *, #) with Equals",
                "broken.json: action 'cmp' (Compare): missing required parameter ComparisonValue",
                "broken.json: action 'lambda' (InvokeLambdaFunction): parameter LambdaFunctionARN: unknown function 'unknown-fn' "
                        + "(from 'arn:aws:lambda:us-east-1:1:function:unknown-fn')",
                "broken.json: action 'q' (UpdateContactTargetQueue): missing transition NextAction",
                "broken.json: action 'q' (UpdateContactTargetQueue): parameter QueueId: unknown queue 'Billing'");
        for (String e : expected) {
            assertTrue(problems.contains(e), "missing: " + e + "\nall: " + String.join("\n", problems));
        }
        assertEquals(expected.size(), problems.size(), String.join("\n", problems));
    }
}

package io.switchboard.routing.flow.action;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.testing.EngineHarness;
import io.switchboard.routing.testing.FakeRouter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compare, CheckHoursOfOperation, DistributeByPercentage, Loop, CheckMetricData, GetMetricData and Wait. */
class BranchingActionsTest {

    private static String compare(String value, String... conds) {
        return flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"tier\":\"" + value + "\",\"Tier\":\"other\"}",
                        join(next("cmp"), errors(error("NoMatchingError", "failed")))),
                action("cmp", "Compare", "\"ComparisonValue\":\"$.Attributes.tier\"",
                        join(conditions(conds), errors(error("NoMatchingCondition", "none")))),
                leaf("a", "a"), leaf("b", "b"), leaf("none", "none"), leaf("failed", "failed"));
    }

    private static String spokenAfter(String flowJson) {
        EngineHarness h = new EngineHarness(Map.of("f", flowJson));
        h.start("f");
        return h.lastSpoken();
    }

    @Test
    void compareOperatorsOnCaseSensitiveAttributes() {
        assertEquals("a", spokenAfter(compare("gold", when("Equals", "gold", "a"))));
        assertEquals("none", spokenAfter(compare("Gold", when("Equals", "gold", "a"))), "values compare case-sensitively");
        assertEquals("b", spokenAfter(compare("12", when("NumberGreaterThan", "12", "a"), when("NumberGreaterOrEqualTo", "12", "b"))));
        assertEquals("a", spokenAfter(compare("3.5", when("NumberLessThan", "4", "a"))));
        assertEquals("b", spokenAfter(compare("4", when("NumberLessThan", "4", "a"), when("NumberLessOrEqualTo", "4", "b"))));
        assertEquals("a", spokenAfter(compare("platinum-plus", when("TextStartsWith", "plat", "a"))));
        assertEquals("b", spokenAfter(compare("platinum-plus", when("TextContains", "x", "a"), when("TextContains", "num-p", "b"))));
        assertEquals("none", spokenAfter(compare("abc", when("NumberGreaterThan", "1", "a"))), "text is not a number");
    }

    @Test
    void compareOnMissingAttributeTakesNoMatchingCondition() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("cmp",
                action("cmp", "Compare", "\"ComparisonValue\":\"$.Attributes.missing\"",
                        join(conditions(when("Equals", "", "a")), errors(error("NoMatchingCondition", "none")))),
                leaf("a", "a"), leaf("none", "none"))));
        h.start("f");
        assertEquals("none", h.lastSpoken());
    }

    private static String hours(String param) {
        return flow("hours",
                action("hours", "CheckHoursOfOperation", param,
                        join(conditions(when("Equals", "True", "open"), when("Equals", "False", "closed")),
                                errors(error("NoMatchingError", "failed")))),
                leaf("open", "open"), leaf("closed", "closed"), leaf("failed", "failed"));
    }

    private static String hoursAt(String flowJson, String instant) {
        EngineHarness h = new EngineHarness(Map.of("f", flowJson), Instant.parse(instant), Map.of());
        h.start("f");
        return h.lastSpoken();
    }

    @Test
    void hoursOfOperationByNameInItsTimeZone() {
        String f = hours("\"HoursOfOperationId\":\"Office\"");
        assertEquals("open", hoursAt(f, "2024-07-10T15:00:00Z"), "11:00 EDT on a Wednesday");
        assertEquals("closed", hoursAt(f, "2024-07-10T12:59:00Z"), "08:59 EDT");
        assertEquals("closed", hoursAt(f, "2024-07-13T15:00:00Z"), "Saturday");
        assertEquals("closed", hoursAt(f, "2024-01-10T13:30:00Z"), "08:30 EST in winter");
        assertEquals("open", hoursAt(f, "2024-07-10T13:30:00Z"), "09:30 EDT in summer, same UTC time");
    }

    @Test
    void hoursOfOperationFromTheWorkingQueue() {
        String f = flow("q",
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"Sales\"", join(next("hours"), errors(error("NoMatchingError", "failed")))),
                action("hours", "CheckHoursOfOperation", "",
                        join(conditions(when("Equals", "True", "open"), when("Equals", "False", "closed")),
                                errors(error("NoMatchingError", "failed")))),
                leaf("open", "open"), leaf("closed", "closed"), leaf("failed", "failed"));
        assertEquals("open", hoursAt(f, "2024-07-10T15:00:00Z"));
        assertEquals("failed", hoursAt(hours(""), "2024-07-10T15:00:00Z"), "no queue, no hours: error branch");
    }

    @Test
    void hoursOfOperationFromADynamicReference() {
        String f = flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"hours\":\"Always\"}", next("hours")),
                action("hours", "CheckHoursOfOperation", "\"HoursOfOperationId\":\"$.Attributes.hours\"",
                        join(conditions(when("Equals", "True", "open"), when("Equals", "False", "closed")),
                                errors(error("NoMatchingError", "failed")))),
                leaf("open", "open"), leaf("closed", "closed"), leaf("failed", "failed"));
        assertEquals("open", hoursAt(f, "2024-07-13T03:00:00Z"));
    }

    @Test
    void distributeByPercentageFollowsTheChain() {
        String f = flow("split",
                action("split", "DistributeByPercentage", "",
                        join(conditions(when("NumberLessThan", "31", "a"), when("NumberLessThan", "71", "b")),
                                errors(error("NoMatchingCondition", "none")))),
                leaf("a", "a"), leaf("b", "b"), leaf("none", "none"));
        for (int[] draw : new int[][] {{1, 'a'}, {30, 'a'}, {31, 'b'}, {70, 'b'}, {71, 'n'}, {100, 'n'}}) {
            EngineHarness h = new EngineHarness(Map.of("f", f));
            h.nextPercent = draw[0];
            h.start("f");
            assertEquals(draw[1], h.lastSpoken().charAt(0), "draw " + draw[0]);
        }
    }

    @Test
    void loopContinuesCountTimesThenIsDoneAndResets() {
        String f = flow("log",
                action("log", "UpdateFlowLoggingBehavior", "\"FlowLoggingBehavior\":\"Enabled\"", next("loop")),
                action("loop", "Loop", "\"LoopCount\":\"3\"",
                        conditions(when("Equals", "ContinueLooping", "again"), when("Equals", "DoneLooping", "done"))),
                say("again", "again", "loop"), leaf("done", "done"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        h.playThrough();
        assertEquals(List.of("again", "again", "again", "done"), h.spoken());
        assertEquals(List.of("ContinueLooping", "ContinueLooping", "ContinueLooping", "DoneLooping"),
                h.logs.stream().filter(e -> e.identifier().equals("loop")).map(e -> e.results()).toList());
    }

    @Test
    void loopCountFromAnAttribute() {
        String f = flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"n\":\"1\"}", next("loop")),
                action("loop", "Loop", "\"LoopCount\":\"$.Attributes.n\"",
                        conditions(when("Equals", "ContinueLooping", "again"), when("Equals", "DoneLooping", "done"))),
                say("again", "again", "loop"), leaf("done", "done"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        h.playThrough();
        assertEquals(List.of("again", "done"), h.spoken());
    }

    private static String staffing(String metric, String conds, String errs) {
        return flow("q",
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"Support\"", next("check")),
                action("check", "CheckMetricData", "\"MetricType\":\"" + metric + "\"", join(next("none"), conds, errs)),
                leaf("a", "a"), leaf("none", "none"), leaf("failed", "failed"));
    }

    @Test
    void checkStaffingAndQueueStatus() {
        String staffed = staffing("NumberOfAgentsAvailable", conditions(when("NumberGreaterThan", "0", "a")),
                errors(error("NoMatchingError", "failed")));
        EngineHarness h = new EngineHarness(Map.of("f", staffed));
        h.router.metrics.put("Support", FakeRouter.figures(3, 40, 2, 4));
        h.start("f");
        assertEquals("a", h.lastSpoken());

        h = new EngineHarness(Map.of("f", staffed));
        h.router.metrics.put("Support", FakeRouter.figures(3, 40, 0, 4));
        h.start("f");
        assertEquals("none", h.lastSpoken());

        String queue = staffing("OldestContactInQueueAgeSeconds", conditions(when("NumberGreaterThan", "300", "a")),
                errors(error("NoMatchingCondition", "none"), error("NoMatchingError", "failed")));
        h = new EngineHarness(Map.of("f", queue));
        h.router.metrics.put("Support", FakeRouter.figures(3, 301, 0, 4));
        h.start("f");
        assertEquals("a", h.lastSpoken());

        h = new EngineHarness(Map.of("f", queue));
        h.start("f");
        assertEquals("failed", h.lastSpoken(), "the router has no figures: error branch");
    }

    @Test
    void getMetricDataMakesMetricsReadable() {
        String f = flow("q",
                action("q", "GetMetricData", "\"QueueId\":\"Sales\"", join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "$.Metrics.Queue.Size waiting, $.Metrics.Agents.Available.Count free, oldest $.Metrics.Queue.OldestContactAge"),
                leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.router.metrics.put("Sales", FakeRouter.figures(5, 120, 1, 3));
        h.start("f");
        assertEquals("5 waiting, 1 free, oldest 120", h.lastSpoken());
    }

    @Test
    void waitCompletesOnTheVirtualClock() {
        String f = flow("wait",
                action("wait", "Wait", "\"TimeoutSeconds\":\"30\"",
                        join(conditions(when("Equals", "WaitCompleted", "after")), errors(error("NoMatchingError", "failed")))),
                leaf("after", "after"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        h.seconds(29);
        assertTrue(h.media.plays.isEmpty());
        h.seconds(1);
        assertEquals("after", h.lastSpoken());
    }
}

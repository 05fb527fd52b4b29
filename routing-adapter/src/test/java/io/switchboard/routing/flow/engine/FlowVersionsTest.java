package io.switchboard.routing.flow.engine;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.log.FlowLogEntry;
import io.switchboard.routing.testing.EngineHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each flow has a content version and a library has one for all its flows: a reload publishes the changed
 * flows at once, a contact already in a flow finishes the version it started with, and flow logs name it.
 */
class FlowVersionsTest {

    private static String menu(String branchText) {
        return flow("log",
                action("log", "UpdateFlowLoggingBehavior", "\"FlowLoggingBehavior\":\"Enabled\"", next("menu")),
                action("menu", "GetParticipantInput", "\"Text\":\"Press 1\",\"InputTimeLimitSeconds\":\"5\"",
                        join(conditions(when("Equals", "1", "one")), errors(error("NoMatchingCondition", "one"),
                                error("InputTimeLimitExceeded", "one")))),
                leaf("one", branchText));
    }

    @Test
    void aContactInAFlowFinishesTheVersionItStartedWith() {
        EngineHarness h = new EngineHarness(Map.of("main", menu("version one")));
        String v1 = h.library.flow("main").orElseThrow().version();
        String library1 = h.library.version();
        h.start("main");
        h.promptDone();

        FlowLibrary next = FlowLibrary.load(EngineHarness.sources(Map.of("main", menu("version two"))),
                EngineHarness.catalog(), ReferenceResolver.identity());
        String v2 = next.flow("main").orElseThrow().version();
        assertNotEquals(v1, v2, "new content, new version");
        assertNotEquals(library1, next.version());
        h.engine.publish(next);
        h.run();

        h.digits("1");
        assertEquals("version one", h.lastSpoken(), "the contact keeps the flow it started");
        assertTrue(h.logs.stream().map(FlowLogEntry::contactFlowVersion).allMatch(v1::equals), "logged as " + v1);

        h.logs.clear();
        h.start("main");
        h.promptDone();
        h.digits("1");
        assertEquals("version two", h.lastSpoken(), "a new contact runs the published version");
        assertTrue(h.logs.stream().map(FlowLogEntry::contactFlowVersion).allMatch(v2::equals), "logged as " + v2);
    }

    @Test
    void theSameContentHasTheSameVersion() {
        FlowLibrary a = FlowLibrary.load(EngineHarness.sources(Map.of("main", menu("x"))), EngineHarness.catalog(),
                ReferenceResolver.identity());
        FlowLibrary b = FlowLibrary.load(EngineHarness.sources(Map.of("main", menu("x"))), EngineHarness.catalog(),
                ReferenceResolver.identity());
        assertEquals(a.version(), b.version());
        assertEquals(12, a.version().length());
    }
}

package io.switchboard.routing.flow.engine;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.testing.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator reports the path, the prompts and the attributes of a flow run without a call. */
class FlowSimulatorTest {

    private static final String MENU = flow("set",
            action("set", "UpdateContactAttributes", "\"Attributes\":{\"greeting\":\"Hi $.Attributes.name\"}", next("menu")),
            action("menu", "GetParticipantInput", "\"Text\":\"$.Attributes.greeting, press 1 or 2\",\"InputTimeLimitSeconds\":\"5\"",
                    join(conditions(when("Equals", "1", "one"), when("Equals", "2", "lookup")),
                            errors(error("InputTimeLimitExceeded", "timeout"), error("NoMatchingCondition", "timeout")))),
            leaf("one", "one"), leaf("timeout", "nothing pressed"),
            action("lookup", "InvokeLambdaFunction", "\"LambdaFunctionARN\":\"lookup\"",
                    join(next("q"), errors(error("NoMatchingError", "timeout")))),
            action("q", "UpdateContactTargetQueue", "\"QueueId\":\"$.External.queue\"", join(next("t"), errors(error("NoMatchingError", "timeout")))),
            action("t", "TransferContactToQueue", "", errors(error("NoMatchingError", "timeout"))));

    private static List<String> simulate(List<String> inputs, String reply) throws Exception {
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("menu", MENU)), EngineHarness.catalog(),
                ReferenceResolver.identity());
        assertEquals(List.of(), library.problems());
        List<String> lines = new ArrayList<>();
        new FlowSimulator(library, EngineHarness.catalog(), ReferenceResolver.identity(),
                reply == null ? null : new ObjectMapper().readTree(reply))
                .run("menu", "+15551230000", "+15550100", Map.of("name", "Ann"), inputs, EngineHarness.WEDNESDAY_11_NY, lines::add);
        return lines;
    }

    @Test
    void reportsThePathThePromptsAndTheAttributes() throws Exception {
        List<String> lines = simulate(List.of("1"), null);
        String all = String.join("\n", lines);
        assertTrue(all.contains("t+0s  [menu] set (SetAttributes)\n        attributes: greeting=Hi Ann"), all);
        assertTrue(all.contains("caller hears \"Hi Ann, press 1 or 2\""), all);
        assertTrue(all.contains("t+0s  caller keys 1"), all);
        assertTrue(all.contains("[menu] menu (GetUserInput) -> 1"), all);
        assertTrue(all.contains("caller hears \"one\""), all);
        assertTrue(lines.get(lines.size() - 1).endsWith("contact ended: CONTACT_FLOW_DISCONNECT"), all);
    }

    @Test
    void withoutInputTheClockRunsToTheTimeout() throws Exception {
        String all = String.join("\n", simulate(List.of(), null));
        assertTrue(all.contains("t+5s  [menu] menu (GetUserInput) -> InputTimeLimitExceeded"), all);
        assertTrue(all.contains("caller hears \"nothing pressed\""), all);
    }

    @Test
    void aFunctionReplyRoutesTheCallerIntoAQueue() throws Exception {
        String all = String.join("\n", simulate(List.of("2"), "{\"queue\":\"Support\"}"));
        assertTrue(all.contains("calls function lookup"), all);
        assertTrue(all.contains("the contact is queued in Support"), all);
        assertTrue(all.contains("caller hears SSML") || all.contains("on a loop"), "the default queue flow plays: " + all);
        assertTrue(all.contains("the flow waits (the caller is in queue Support); simulation stops"), all);
    }
}

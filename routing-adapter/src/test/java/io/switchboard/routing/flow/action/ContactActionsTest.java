package io.switchboard.routing.flow.action;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.port.Prompt;
import io.switchboard.routing.testing.EngineHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Actions that change the contact: attributes, working queue, recording, logging, hooks, callback number, voice. */
class ContactActionsTest {

    @Test
    void attributesAreRenderedBeforeAnyIsStored() {
        String f = flow("one",
                action("one", "UpdateContactAttributes", "\"Attributes\":{\"a\":\"1\"}", next("two")),
                action("two", "UpdateContactAttributes",
                        "\"Attributes\":{\"a\":\"2\",\"old\":\"was $.Attributes.a\",\"caller\":\"$.CustomerEndpoint.Address\"}",
                        join(next("say"), errors(error("NoMatchingError", "say")))),
                leaf("say", "$.Attributes.a $.Attributes.old $.Attributes.caller"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals("2 was 1 +15551230000", h.lastSpoken());
        assertEquals(List.of("a", "old", "caller"), List.copyOf(h.contact().attributes().keySet()));
    }

    @Test
    void workingQueueByNameByArnAndByAgent() {
        String f = flow("q",
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"arn:aws:connect:us-east-1:123456789012:instance/abc/queue/q-sales\"",
                        join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "$.Queue.Name $.Queue.ARN"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f), EngineHarness.WEDNESDAY_11_NY, Map.of("q-sales", "Sales"));
        h.start("f");
        assertEquals("Sales " + EngineHarness.SALES.arn(), h.lastSpoken());

        String byAgent = flow("q",
                action("q", "UpdateContactTargetQueue", "\"AgentId\":\"alice\"", join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "$.Queue.Name"), leaf("failed", "failed"));
        h = new EngineHarness(Map.of("f", byAgent));
        h.start("f");
        assertEquals("agent-alice", h.lastSpoken());
    }

    @Test
    void dynamicQueueThatDoesNotExistTakesTheErrorBranch() {
        String f = flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"q\":\"Nowhere\"}", next("q")),
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"$.Attributes.q\"",
                        join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "queued"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals("failed", h.lastSpoken());
        assertTrue(h.contact().queue().isEmpty());
    }

    @Test
    void recordingBehaviourStartsIvrRecording() {
        String f = flow("rec",
                action("rec", "UpdateContactRecordingBehavior",
                        "\"RecordingBehavior\":{\"RecordedParticipants\":[\"Agent\",\"Customer\"],\"IVRRecordingBehavior\":\"Enabled\"}",
                        next("say")),
                leaf("say", "recorded"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertTrue(h.contact().recording().agent());
        assertTrue(h.contact().recording().customer());
        assertTrue(h.contact().recording().ivr());
        assertEquals(List.of("start " + h.contact().id()), h.media.recordings);
    }

    @Test
    void flowLoggingCoversBlocksFromTheEnablingOneUntilDisabled() {
        String f = flow("quiet",
                action("quiet", "UpdateContactAttributes", "\"Attributes\":{\"x\":\"1\"}", next("on")),
                action("on", "UpdateFlowLoggingBehavior", "\"FlowLoggingBehavior\":\"Enabled\"", next("set")),
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"who\":\"$.CustomerEndpoint.Address\"}", next("off")),
                action("off", "UpdateFlowLoggingBehavior", "\"FlowLoggingBehavior\":\"Disabled\"", next("bye")),
                hangUp("bye"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals(List.of("on", "set"), h.path());
        var set = h.logs.get(1);
        assertEquals("SetAttributes", set.contactFlowModuleType());
        assertEquals("+15551230000", set.parameters().path("Attributes").path("who").asText());
        assertEquals(h.contact().id().toString(), set.contactId());
        assertEquals("f", set.contactFlowName());
        assertTrue(set.contactFlowId().contains("/contact-flow/"));
    }

    @Test
    void eventHooksSetTheQueueFlowThatRunsAfterQueueing() {
        String main = flow("hook",
                action("hook", "UpdateContactEventHooks", "\"EventHooks\":{\"CustomerQueue\":\"My queue music\"}",
                        join(next("q"), errors(error("NoMatchingError", "failed")))),
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"Support\"", next("transfer")),
                action("transfer", "TransferContactToQueue", "", errors(error("QueueAtCapacity", "failed"), error("NoMatchingError", "failed"))),
                leaf("failed", "failed"));
        String music = flow("m", say("m", "custom queue music", "end"), action("end", "EndFlowExecution", "", ""));
        EngineHarness h = new EngineHarness(Map.of("main", main, "My queue music", music));
        h.start("main");
        assertEquals("My queue music", h.contact().flowFor(EventHook.CUSTOMER_QUEUE));
        assertEquals(List.of("Support"), h.router.enqueued);
        assertEquals("custom queue music", h.lastSpoken());
        h.promptDone();
        assertEquals(List.of("CustomerQueue"), h.hookEnds);
        assertTrue(h.ended.isEmpty(), "ending the queue flow leaves the caller waiting in queue");
    }

    @Test
    void callbackNumberMustBeE164AndDialable() {
        String f = flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"cb\":\"NUMBER\"}", next("cb")),
                action("cb", "UpdateContactCallbackNumber", "\"CallbackNumber\":\"$.Attributes.cb\"",
                        join(next("ok"), errors(error("InvalidCallbackNumber", "invalid"),
                                error("CallbackNumberNotDialable", "undialable"), error("NoMatchingError", "failed")))),
                leaf("ok", "ok"), leaf("invalid", "invalid"), leaf("undialable", "undialable"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f.replace("NUMBER", "+14255550100")));
        h.start("f");
        assertEquals("ok", h.lastSpoken());
        assertEquals("+14255550100", h.contact().callbackNumber());

        h = new EngineHarness(Map.of("f", f.replace("NUMBER", "4255550100")));
        h.start("f");
        assertEquals("invalid", h.lastSpoken());
        assertEquals(EngineHarness.CALLER, h.contact().callbackNumber(), "the caller's number stays the default");

        h = new EngineHarness(Map.of("f", f.replace("NUMBER", "+14255550100")));
        h.signalling.dialable = n -> false;
        h.start("f");
        assertEquals("undialable", h.lastSpoken());
    }

    @Test
    void voiceChangesTheSynthesiserVoice() {
        String f = flow("voice",
                action("voice", "UpdateContactTextToSpeechVoice", "\"TextToSpeechVoice\":\"Hans\"",
                        join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "Guten Tag"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals("de+m3", ((Prompt.Speech) h.media.last().playlist.items().get(0)).voice());
    }

    @Test
    void unknownDynamicVoiceTakesTheErrorBranch() {
        String f = flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"v\":\"Zorg\"}", next("voice")),
                action("voice", "UpdateContactTextToSpeechVoice", "\"TextToSpeechVoice\":\"$.Attributes.v\"",
                        join(next("say"), errors(error("NoMatchingError", "failed")))),
                leaf("say", "hello"), leaf("failed", "failed"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals("failed", h.lastSpoken());
        assertEquals("Joanna", h.contact().textToSpeechVoice());
    }
}

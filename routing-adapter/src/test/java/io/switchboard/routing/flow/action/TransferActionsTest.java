package io.switchboard.routing.flow.action;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.testing.EngineHarness;
import io.switchboard.routing.testing.FakeSignalling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TransferToFlow, TransferContactToQueue, TransferParticipantToThirdParty, DisconnectParticipant, EndFlowExecution. */
class TransferActionsTest {

    @Test
    void transferToFlowContinuesInTheOtherFlow() {
        String a = flow("go", action("go", "TransferToFlow", "\"ContactFlowId\":\"arn:aws:connect:us-east-1:1:instance/x/contact-flow/b-id\"",
                errors(error("NoMatchingError", "failed"))), leaf("failed", "failed"));
        String b = flow("hello", leaf("hello", "in b"));
        EngineHarness h = new EngineHarness(Map.of("a", a, "b", b), EngineHarness.WEDNESDAY_11_NY, Map.of("b-id", "b"));
        h.start("a");
        assertEquals("in b", h.lastSpoken());
    }

    private static String toQueue() {
        return flow("q",
                action("q", "UpdateContactTargetQueue", "\"QueueId\":\"Sales\"", next("transfer")),
                action("transfer", "TransferContactToQueue", "",
                        join(next("full"), errors(error("QueueAtCapacity", "full"), error("NoMatchingError", "failed")))),
                leaf("full", "full"), leaf("failed", "failed"));
    }

    @Test
    void transferToQueueHandsTheContactToTheRouterAndStartsTheDefaultQueueFlow() {
        EngineHarness h = new EngineHarness(Map.of("f", toQueue()));
        h.start("f");
        assertEquals(List.of("Sales"), h.router.enqueued);
        assertTrue(h.contact().enqueueTimestamp().isPresent());
        assertTrue(h.media.last().playlist.loop(), "the default customer queue flow loops its message and music");
        assertEquals("CustomerQueue.wav", h.media.last().playlist.items().get(1) instanceof
                io.switchboard.routing.port.Prompt.Library l ? l.name() : "");
        assertTrue(h.ended.isEmpty());
        h.engine.stopFlow(h.contact().id());
        h.run();
        assertTrue(h.media.last().stopped, "an agent answering stops the queue flow");
    }

    @Test
    void fullQueueTakesQueueAtCapacity() {
        EngineHarness h = new EngineHarness(Map.of("f", toQueue()));
        h.router.outcome = EnqueueOutcome.AT_CAPACITY;
        h.start("f");
        assertEquals("full", h.lastSpoken());
    }

    @Test
    void transferToQueueWithoutWorkingQueueIsAnError() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("transfer",
                action("transfer", "TransferContactToQueue", "", errors(error("NoMatchingError", "failed"))),
                leaf("failed", "failed"))));
        h.start("f");
        assertEquals("failed", h.lastSpoken());
        assertTrue(h.router.enqueued.isEmpty());
    }

    private static String thirdParty(String extra, String errorsJson) {
        return flow("dial",
                action("dial", "TransferParticipantToThirdParty",
                        "\"ThirdPartyPhoneNumber\":\"+14155550199\",\"ThirdPartyConnectionTimeLimitSeconds\":\"20\","
                                + "\"ThirdPartyDTMFDigits\":\"12,3#\",\"CallerId\":{\"Number\":\"$.SystemEndpoint.Address\",\"Name\":\"Acme\"}" + extra,
                        join(next("back"), errorsJson)),
                leaf("back", "welcome back"), leaf("failed", "call failed"), leaf("timeout", "no answer"),
                leaf("other", "other"));
    }

    private static final String THIRD_PARTY_ERRORS = errors(error("CallFailed", "failed"),
            error("ConnectionTimeLimitExceeded", "timeout"), error("NoMatchingError", "other"));

    @Test
    void thirdPartyAnsweredThenHangsUpResumesTheFlow() {
        EngineHarness h = new EngineHarness(Map.of("f", thirdParty("", THIRD_PARTY_ERRORS)));
        h.start("f");
        FakeSignalling.FakeCall call = h.signalling.dials.get(0);
        assertEquals("+14155550199", call.dial.number());
        assertEquals("+15550100", call.dial.callerId().orElseThrow());
        assertEquals("Acme", call.dial.callerName().orElseThrow());
        assertEquals("12,3#", call.dial.digits().orElseThrow());
        call.answered.complete(null);
        h.run();
        h.seconds(60);
        assertTrue(h.media.plays.isEmpty(), "answered: no timeout, the caller talks to the third party");
        call.ended.complete(null);
        h.run();
        assertEquals("welcome back", h.lastSpoken());
    }

    @Test
    void thirdPartyFailureAndTimeout() {
        EngineHarness h = new EngineHarness(Map.of("f", thirdParty("", THIRD_PARTY_ERRORS)));
        h.start("f");
        h.signalling.dials.get(0).answered.completeExceptionally(new IllegalStateException("486 Busy Here"));
        h.run();
        assertEquals("call failed", h.lastSpoken());

        h = new EngineHarness(Map.of("f", thirdParty("", THIRD_PARTY_ERRORS)));
        h.start("f");
        h.seconds(20);
        assertEquals("no answer", h.lastSpoken());
        assertTrue(h.signalling.dials.get(0).cancelled, "the unanswered call is abandoned");
    }

    @Test
    void thirdPartyWithoutResumeHandsTheCallerOver() {
        EngineHarness h = new EngineHarness(Map.of("f", thirdParty(",\"ContinueFlowExecution\":\"False\"",
                errors(error("NoMatchingError", "other")))));
        h.start("f");
        h.signalling.dials.get(0).answered.complete(null);
        h.run();
        assertTrue(h.media.plays.isEmpty());
        assertTrue(h.ended.isEmpty(), "the contact lives on with the third party");
        assertFalse(h.signalling.dials.get(0).cancelled);
        h.engine.hangUp(h.contact().id(), DisconnectReason.THIRD_PARTY_DISCONNECT);
        h.run();
        assertEquals(DisconnectReason.THIRD_PARTY_DISCONNECT, h.ended.get(0).disconnectReason());
    }

    @Test
    void callerHangingUpWhileDialingCancelsTheThirdParty() {
        EngineHarness h = new EngineHarness(Map.of("f", thirdParty("", THIRD_PARTY_ERRORS)));
        h.start("f");
        h.engine.hangUp(h.contact().id(), DisconnectReason.CUSTOMER_DISCONNECT);
        h.run();
        assertTrue(h.signalling.dials.get(0).cancelled);
    }

    @Test
    void callerHangingUpBeforeAHandOverIsAnsweredCancelsIt() {
        EngineHarness h = new EngineHarness(Map.of("f", thirdParty(",\"ContinueFlowExecution\":\"False\"",
                errors(error("NoMatchingError", "other")))));
        h.start("f");
        h.engine.hangUp(h.contact().id(), DisconnectReason.CUSTOMER_DISCONNECT);
        h.run();
        assertTrue(h.signalling.dials.get(0).cancelled);
    }

    @Test
    void endFlowInTheInboundFlowEndsTheContact() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("end", action("end", "EndFlowExecution", "", ""))));
        h.start("f");
        assertEquals(DisconnectReason.CONTACT_FLOW_DISCONNECT, h.ended.get(0).disconnectReason());
        assertEquals(List.of(h.contact().id() + " CONTACT_FLOW_DISCONNECT"), h.signalling.disconnects);
    }

    @Test
    void holdHookRunsTheDefaultHoldFlow() {
        EngineHarness h = new EngineHarness(Map.of("f", toQueue()));
        h.start("f");
        h.engine.runHook(h.contact().id(), io.switchboard.routing.contact.EventHook.CUSTOMER_HOLD);
        h.run();
        assertEquals("CustomerHold.wav", h.lastSpoken());
        assertTrue(h.media.plays.get(0).stopped, "the queue flow gave way to the hold flow");
    }
}

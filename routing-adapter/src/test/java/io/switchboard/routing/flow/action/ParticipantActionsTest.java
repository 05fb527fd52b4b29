package io.switchboard.routing.flow.action;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.port.Prompt;
import io.switchboard.routing.testing.EngineHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MessageParticipant, GetParticipantInput (menu and store modes) and MessageParticipantIteratively on a virtual clock. */
class ParticipantActionsTest {

    private static final String MENU = flow("menu",
            action("menu", "GetParticipantInput",
                    "\"PromptId\":\"Menu.wav\",\"InputTimeLimitSeconds\":\"5\"",
                    join(next("other"), conditions(when("Equals", "1", "sales"), when("Equals", "2", "support")),
                            errors(error("InputTimeLimitExceeded", "timeout"), error("NoMatchingCondition", "other"),
                                    error("NoMatchingError", "failed")))),
            leaf("sales", "sales"), leaf("support", "support"), leaf("other", "other"), leaf("timeout", "timeout"),
            leaf("failed", "failed"));

    @Test
    void messageParticipantSpeaksTextWithAttributesAndContinues() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("hello",
                say("hello", "Hello $.CustomerEndpoint.Address, you called $.SystemEndpoint.Address.", "bye"),
                hangUp("bye"))));
        h.start("f");
        assertEquals("Hello +15551230000, you called +15550100.", h.lastSpoken());
        Prompt.Speech speech = (Prompt.Speech) h.media.last().playlist.items().get(0);
        assertEquals("en-us+f3", speech.voice());
        assertTrue(h.ended.isEmpty(), "the contact waits for the prompt");
        h.promptDone();
        assertEquals(DisconnectReason.CONTACT_FLOW_DISCONNECT, h.ended.get(0).disconnectReason());
        assertEquals(1, h.signalling.disconnects.size());
    }

    @Test
    void messageParticipantPlaysLibraryPromptAndTakesErrorBranchWhenPlaybackFails() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("play",
                action("play", "MessageParticipant", "\"PromptId\":\"Welcome.wav\"",
                        join(next("ok"), errors(error("NoMatchingError", "failed")))),
                leaf("ok", "ok"), leaf("failed", "failed"))));
        h.start("f");
        assertEquals("Welcome.wav", h.lastSpoken());
        h.media.last().fail("file missing");
        h.run();
        assertEquals("failed", h.lastSpoken());
    }

    @Test
    void menuDigitDuringPromptInterruptsItAndBranches() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        assertEquals("Menu.wav", h.lastSpoken());
        h.digits("2");
        assertTrue(h.media.plays.get(0).stopped, "a key stops the menu prompt");
        assertEquals("support", h.lastSpoken());
    }

    @Test
    void menuDigitWithoutConditionTakesNoMatchingCondition() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        h.promptDone();
        h.digits("7");
        assertEquals("other", h.lastSpoken());
    }

    @Test
    void menuTimeLimitStartsWhenThePromptEnds() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        h.seconds(30);
        assertEquals("Menu.wav", h.lastSpoken(), "no timeout while the prompt still plays");
        h.promptDone();
        h.seconds(4);
        assertEquals("Menu.wav", h.lastSpoken());
        h.seconds(1);
        assertEquals("timeout", h.lastSpoken());
    }

    @Test
    void menuPromptFailureTakesNoMatchingError() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        h.media.last().fail("broken");
        h.run();
        assertEquals("failed", h.lastSpoken());
    }

    @Test
    void digitsAfterTheMenuAreIgnored() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        h.digits("1");
        h.digits("2");
        assertEquals(List.of("Menu.wav", "sales"), h.spoken());
    }

    private static String store(String validation, String dtmf, String errorsJson) {
        return flow("ask",
                action("ask", "GetParticipantInput",
                        "\"Text\":\"Enter your number\",\"StoreInput\":\"True\",\"InputTimeLimitSeconds\":\"5\","
                                + "\"InputValidation\":{" + validation + "}" + (dtmf.isEmpty() ? "" : ",\"DTMFConfiguration\":{" + dtmf + "}"),
                        join(next("stored"), errorsJson)),
                leaf("stored", "stored $.StoredCustomerInput"), leaf("timeout", "timeout"), leaf("invalid", "invalid"),
                leaf("failed", "failed"));
    }

    @Test
    void storeInputEndsAtTheTerminatorAndStoresDigits() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"10\"}", "",
                errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.promptDone();
        h.digits("1234#");
        assertEquals("stored 1234", h.lastSpoken());
        assertEquals("1234", h.contact().storedCustomerInput().orElseThrow());
    }

    @Test
    void storeInputEndsAtMaximumLength() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"3\"}", "",
                errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("98765");
        assertEquals("stored 987", h.lastSpoken());
    }

    @Test
    void storeInputEndsAfterTheInterdigitTimeLimit() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"10\"}",
                "\"InterdigitTimeLimitSeconds\":\"3\"", errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.promptDone();
        h.digits("42");
        h.seconds(2);
        assertEquals("Enter your number", h.lastSpoken());
        h.seconds(1);
        assertEquals("stored 42", h.lastSpoken());
    }

    @Test
    void starCancelsAndCustomTerminatorEnds() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"10\"}",
                "\"InputTerminationSequence\":\"99\"", errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("55*1299");
        assertEquals("stored 12", h.lastSpoken());
    }

    @Test
    void disabledCancelKeyKeepsTheStar() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"10\"}",
                "\"DisableCancelKey\":\"True\"", errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("5*1#");
        assertEquals("stored 5*1", h.lastSpoken());
    }

    @Test
    void storeInputTimeoutTakesTheTimeoutBranchWhenThereIsOne() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"4\"}", "",
                errors(error("InputTimeLimitExceeded", "timeout"), error("NoMatchingError", "failed")))));
        h.start("f");
        h.promptDone();
        h.seconds(5);
        assertEquals("timeout", h.lastSpoken());
    }

    @Test
    void storeInputTimeoutWithoutBranchStoresTimeout() {
        EngineHarness h = new EngineHarness(Map.of("f", store("\"CustomValidation\":{\"MaximumLength\":\"4\"}", "",
                errors(error("NoMatchingError", "failed")))));
        h.start("f");
        h.promptDone();
        h.seconds(5);
        assertEquals("stored Timeout", h.lastSpoken());
    }

    @Test
    void localPhoneNumberIsStoredAsE164() {
        EngineHarness h = new EngineHarness(Map.of("f", store(
                "\"PhoneNumberValidation\":{\"NumberFormat\":\"Local\",\"CountryCode\":\"US\"}", "",
                errors(error("InvalidPhoneNumber", "invalid"), error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("2065550123#");
        assertEquals("stored +12065550123", h.lastSpoken());
    }

    @Test
    void invalidPhoneNumberTakesItsBranch() {
        EngineHarness h = new EngineHarness(Map.of("f", store(
                "\"PhoneNumberValidation\":{\"NumberFormat\":\"Local\",\"CountryCode\":\"US\"}", "",
                errors(error("InvalidPhoneNumber", "invalid"), error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("12345#");
        assertEquals("invalid", h.lastSpoken());
    }

    @Test
    void e164EntryGetsItsPlus() {
        EngineHarness h = new EngineHarness(Map.of("f", store(
                "\"PhoneNumberValidation\":{\"NumberFormat\":\"E164\"}", "",
                errors(error("InvalidPhoneNumber", "invalid"), error("NoMatchingError", "failed")))));
        h.start("f");
        h.digits("442071838750#");
        assertEquals("stored +442071838750", h.lastSpoken());
    }

    @Test
    void loopPromptsRepeatUntilInterrupted() {
        EngineHarness h = new EngineHarness(Map.of("f", flow("hold",
                action("hold", "MessageParticipantIteratively",
                        "\"Messages\":[{\"Text\":\"Please hold\"},{\"PromptId\":\"CustomerHold.wav\"}],\"InterruptFrequencySeconds\":\"60\"",
                        join(conditions(when("Equals", "MessagesInterrupted", "check")),
                                errors(error("NoMatchingError", "failed")))),
                leaf("check", "still there"), leaf("failed", "failed"))));
        h.start("f");
        assertTrue(h.media.last().playlist.loop());
        assertEquals(2, h.media.last().playlist.items().size());
        h.seconds(59);
        assertFalse(h.media.last().stopped);
        h.seconds(1);
        assertTrue(h.media.plays.get(0).stopped, "the loop is stopped when interrupted");
        assertEquals("still there", h.lastSpoken());
    }

    @Test
    void hangUpMidPromptStopsPlaybackAndEndsTheContact() {
        EngineHarness h = new EngineHarness(Map.of("f", MENU));
        h.start("f");
        h.engine.hangUp(h.contact().id(), DisconnectReason.CUSTOMER_DISCONNECT);
        h.run();
        assertTrue(h.media.last().stopped);
        assertEquals(DisconnectReason.CUSTOMER_DISCONNECT, h.ended.get(0).disconnectReason());
        assertTrue(h.signalling.disconnects.isEmpty(), "the caller already left; nothing to hang up");
        h.seconds(60);
        h.digits("1");
        assertEquals(1, h.media.plays.size(), "nothing runs for an ended contact");
        assertEquals(0, h.engine.activeContacts());
    }
}

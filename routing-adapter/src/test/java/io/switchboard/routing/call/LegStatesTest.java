package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The legs' transition tables: what each state may become, and a wrong step refused rather than absorbed. */
class LegStatesTest {

    @Test
    void endedIsFinalForEveryLegKind() {
        assertTrue(CustomerLeg.State.ENDED.next().isEmpty());
        assertTrue(ThirdPartyLeg.State.ENDED.next().isEmpty());
        for (CustomerLeg.State s : CustomerLeg.State.values()) {
            assertTrue(s == CustomerLeg.State.ENDED || s.next().contains(CustomerLeg.State.ENDED), s + " can end");
        }
        for (ThirdPartyLeg.State s : ThirdPartyLeg.State.values()) {
            assertTrue(s == ThirdPartyLeg.State.ENDED || s.next().contains(ThirdPartyLeg.State.ENDED), s + " can end");
        }
    }

    @Test
    void aTransferIsConnectedOnlyThroughItsAnswer() {
        for (ThirdPartyLeg.State s : ThirdPartyLeg.State.values()) {
            assertEquals(s == ThirdPartyLeg.State.ANSWERING, s.next().contains(ThirdPartyLeg.State.CONNECTED), s.name());
        }
        assertEquals(EnumSet.of(ThirdPartyLeg.State.OFFERING, ThirdPartyLeg.State.DIALLING, ThirdPartyLeg.State.RINGING,
                ThirdPartyLeg.State.EARLY_MEDIA), EnumSet.copyOf(java.util.Arrays.stream(ThirdPartyLeg.State.values())
                .filter(ThirdPartyLeg.State::beforeAnswer).toList()));
    }

    @Test
    void theCustomerLegIsAnsweredOnceAndNeverAfterItEnded() {
        FakeLeg sip = new FakeLeg("+15550100");
        CustomerLeg leg = new CustomerLeg(sip);
        EndpointId endpoint = EndpointId.random();
        leg.answer(endpoint, "v=0 ours");
        assertEquals("v=0 ours", sip.answeredSdp);
        assertEquals(endpoint, leg.endpoint());
        assertThrows(IllegalStateException.class, () -> leg.answer(endpoint, "again"));
        leg.end(CustomerLeg.Signal.HANG_UP, 0);
        assertTrue(sip.hungUp);
        assertEquals(null, leg.endpoint(), "no endpoint to use once ended");
        assertEquals(endpoint, leg.endpointToDestroy(), "but the teardown still knows it");
        assertThrows(IllegalStateException.class, () -> leg.end(CustomerLeg.Signal.HANG_UP, 0));
    }

    @Test
    void refusingBeforeTheAnswerRejectsInsteadOfHangingUp() {
        FakeLeg sip = new FakeLeg("+15550100");
        new CustomerLeg(sip).end(CustomerLeg.Signal.REFUSE, 488);
        assertEquals(488, sip.rejectedWith);
        assertFalse(sip.hungUp);
    }
}

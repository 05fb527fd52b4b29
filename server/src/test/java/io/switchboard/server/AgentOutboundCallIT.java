package io.switchboard.server;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** An agent's outbound call over the HTTP API with SIPp as dana's desk phone and as the customer. */
class AgentOutboundCallIT {

    @Test
    @Disabled("not written yet: POST /api/agent/outbound is covered on the virtual clock by routing-adapter's "
            + "AgentOutboundCallTest; the SIPp run (dana's phone and the customer answering on the demo trunk) is to come")
    void danasPhoneRingsThenTheCustomerIsCalledFromTheQueuesCallerIdAndTheRecordSaysOutbound() {
    }
}

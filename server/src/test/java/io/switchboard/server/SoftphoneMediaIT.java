package io.switchboard.server;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The softphone end to end with a real peer: the panel's media offer over the agent WebSocket, SIPp calling
 * +15550100 and pressing 1 with a tone, the agent accepting over the socket, the tone detected both ways, the
 * CTR's Agent section. Not built yet.
 */
class SoftphoneMediaIT {

    @Test
    @Disabled("not built yet: the relay bridges only endpoints of one media loop (pinned by call id), and the"
            + " agent's persistent endpoint lives under its own call id; the relay needs a cross-loop bridge"
            + " (or the agent endpoint re-created under the caller's call id) before audio can flow")
    void agentAcceptsOverTheSocketAndTonesFlowBothWays() {
    }
}

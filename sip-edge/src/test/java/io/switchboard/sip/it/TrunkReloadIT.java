package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trunks replaced on a running edge: calls in progress keep going, new calls follow the new trunks. */
class TrunkReloadIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void startEdge(TrunkDefinition trunk) {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(500),
                List.of(trunk));
    }

    private Sipp uacFrom(String ip) {
        return Sipp.builtIn("uac").localIp(ip).target("127.0.0.1", fixture.port).args("-s", "+15550100")
                .calls(1).timeout(Duration.ofSeconds(20)).name("uac-" + ip);
    }

    @Test
    void anInboundCallOutlivesTheAclChangeAndNewCallsFollowIt() throws Exception {
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32"));
        try (Sipp.Running inProgress = uacFrom("127.0.0.1").callDuration(Duration.ofSeconds(4)).start(work)) {
            assertEquals(1, fixture.awaitMetric("calls_answered_total", 1, Duration.ofSeconds(10)),
                    fixture.metrics().toString());
            fixture.edge.setTrunks(List.of(TrunkDefinition.inbound("carrier", "127.0.0.2/32")));
            Sipp.Result r = inProgress.awaitResult(Duration.ofSeconds(20));
            assertEquals(1, r.successfulCalls(), "the BYE after the reload got its 200: " + r.describe());
        }
        assertEquals(1, fixture.awaitEnds("REMOTE BYE", 1));
        Sipp.Result refused = Sipp.scenarioFile(SippUas.scenario("uac_forbidden"))
                .target("127.0.0.1", fixture.port)
                .args("-s", "+15550100").calls(1).timeout(Duration.ofSeconds(20)).name("forbidden").run(work);
        assertEquals(1, refused.successfulCalls(), "127.0.0.1 is no longer the trunk's: 403 " + refused.describe());
        Sipp.Result accepted = uacFrom("127.0.0.2").run(work);
        assertEquals(1, accepted.successfulCalls(), "127.0.0.2 is the trunk's now: " + accepted.describe());
        assertEquals(0, fixture.awaitMetric("calls_active", 0, Duration.ofSeconds(2)));
        assertEquals(0, fixture.metric("trunk_calls_active{trunk=\"carrier\"}"));
    }

    @Test
    void aRemovedTrunksCallStillHangsUpAndAnAddedTrunkTakesCalls() throws Exception {
        startEdge(TrunkDefinition.inbound("old", "127.0.0.1/32"));
        try (Sipp.Running inProgress = uacFrom("127.0.0.1").callDuration(Duration.ofSeconds(4)).start(work)) {
            assertEquals(1, fixture.awaitMetric("calls_answered_total", 1, Duration.ofSeconds(10)));
            fixture.edge.setTrunks(List.of(TrunkDefinition.inbound("new", "127.0.0.2/32")));
            assertEquals(-1, fixture.metric("trunk_calls_active{trunk=\"old\"}"), "the removed trunk is gone");
            assertEquals(1, inProgress.awaitResult(Duration.ofSeconds(20)).successfulCalls());
        }
        assertEquals(1, uacFrom("127.0.0.2").run(work).successfulCalls());
        assertEquals(1, fixture.metric("trunk_calls_total{trunk=\"new\"}"));
    }

    @Test
    void aDialledCallKeepsItsDestinationAndTheNextCallGoesToTheNewOne() throws Exception {
        int first = FreePorts.tcpAndUdp();
        int second = FreePorts.tcpAndUdp();
        startEdge(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                .withOutbound(List.of("127.0.0.1:" + first), null, null));
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CallLegListener listener = new CallLegListener() {
            @Override
            public void onAnswered(String sdp) {
                events.add("answered");
            }

            @Override
            public void onEnded(Party who, String why) {
                events.add("ended " + who + " " + why);
            }
        };
        try (Sipp.Running oldUas = SippUas.listening(work, "uas_answer", first, "u1");
             Sipp.Running newUas = SippUas.listening(work, "uas_answer", second, "u1")) {
            CallLeg before = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, listener);
            assertEquals("answered", events.poll(10, TimeUnit.SECONDS));
            fixture.edge.setTrunks(List.of(TrunkDefinition.inbound("carrier", "127.0.0.1/32")
                    .withOutbound(List.of("127.0.0.1:" + second), null, null)));
            before.hangUp();
            assertEquals("ended LOCAL BYE", events.poll(10, TimeUnit.SECONDS));
            Sipp.Result old = oldUas.awaitResult(Duration.ofSeconds(20));
            assertEquals(1, old.successfulCalls(), "the BYE went to the old destination: " + old.describe());

            CallLeg after = fixture.edge.dial("carrier", "+15557654321", "+15550100", EdgeFixture.SDP, listener);
            assertEquals("answered", events.poll(10, TimeUnit.SECONDS));
            after.hangUp();
            assertEquals("ended LOCAL BYE", events.poll(10, TimeUnit.SECONDS));
            Sipp.Result next = newUas.awaitResult(Duration.ofSeconds(20));
            assertEquals(1, next.successfulCalls(), next.describe());
        }
        assertTrue(fixture.metric("trunk_destination_up{trunk=\"carrier\",destination=\"127.0.0.1:" + second + "\"}")
                == 1, fixture.metrics().toString());
    }
}

package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.InboundCall;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIPp scenarios for the call flows of RFC 3261 that a trunk exercises: busy, cancel, BYE from us, lost ACK. */
class SippScenarioIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Path scenario(String name) {
        try {
            return Path.of(SippScenarioIT.class.getResource("/sipp/" + name + ".xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Sipp.Result run(String scenario, int calls) {
        return Sipp.scenarioFile(scenario(scenario)).target("127.0.0.1", fixture.port).args("-s", "+15550100")
                .calls(calls).rate(10).timeout(Duration.ofSeconds(20)).name(scenario).run(work);
    }

    @Test
    void busyIs486AndTheAckEndsTheServerTransaction() throws Exception {
        fixture = new EdgeFixture();
        fixture.behaviour.set(leg -> leg.reject(486));
        Sipp.Result r = run("uac_busy", 5);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(5, r.successfulCalls(), r.describe());
        assertEquals(5, fixture.awaitMetric("calls_rejected_total", 5, Duration.ofSeconds(3)));
        // the in-transaction ACK stopped Timer G: no 486 was ever retransmitted, and Timer I ends each one
        assertEquals(0, fixture.metric("retransmissions_sent_total"));
        assertEquals(0, fixture.awaitMetric("server_transactions_active", 0, Duration.ofSeconds(8)));
        assertEquals(5, fixture.awaitEnds("LOCAL rejected 486", 5));
    }

    @Test
    void cancelWhileRingingGets200And487() throws Exception {
        fixture = new EdgeFixture();
        fixture.behaviour.set(InboundCall::ring);
        Sipp.Result r = run("uac_cancel", 5);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(5, r.successfulCalls(), r.describe());
        assertEquals(5, fixture.awaitMetric("calls_cancelled_total", 5, Duration.ofSeconds(3)));
        assertEquals(5, fixture.awaitEnds("REMOTE CANCEL", 5));
        assertEquals(0, fixture.awaitMetric("calls_active", 0, Duration.ofSeconds(3)));
    }

    @Test
    void edgeHangsUpAfterAnswer() throws Exception {
        fixture = new EdgeFixture();
        fixture.behaviour.set(leg -> {
            leg.answer(EdgeFixture.SDP);
            timer.schedule(leg::hangUp, 300, TimeUnit.MILLISECONDS);
        });
        Sipp.Result r = run("uac_edge_bye", 5);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(5, r.successfulCalls(), r.describe());
        assertEquals(5, fixture.awaitEnds("LOCAL BYE", 5));
    }

    @Test
    void hangUpBeforeTheAckWaitsForTheAckThenSendsBye() throws Exception {
        fixture = new EdgeFixture();
        fixture.behaviour.set(leg -> {
            leg.answer(EdgeFixture.SDP);
            leg.hangUp();
        });
        Sipp.Result r = run("uac_edge_bye", 3);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.successfulCalls(), r.describe());
    }

    @Test
    void lateAckIsCoveredBy200Retransmissions() throws Exception {
        fixture = new EdgeFixture();
        Sipp.Result r = run("uac_late_ack", 2);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(2, r.successfulCalls(), r.describe());
        // 200 OK at 0, retransmitted at 500 and 1500 ms before the ACK at 1700 ms
        assertTrue(fixture.metric("retransmissions_sent_total") >= 4, fixture.metrics().toString());
        assertEquals(2, fixture.awaitEnds("REMOTE BYE", 2));
    }

    @Test
    void lostAckEndsTheCallWithByeAfter64T1() throws Exception {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(50),
                List.of(TrunkDefinition.inbound("sipp", "127.0.0.1/32")));
        Sipp.Result r = run("uac_no_ack", 2);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(2, r.successfulCalls(), r.describe());
        assertEquals(2, fixture.metric("calls_ack_timeout_total"));
        assertEquals(2, fixture.awaitEnds("LOCAL no ACK", 2));
    }

    @Test
    void unknownSourceGets403WhenConfigured() throws Exception {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.REJECT_403, Duration.ofMillis(500),
                List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        Sipp.Result r = run("uac_forbidden", 2);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(2, r.successfulCalls(), r.describe());
        assertTrue(fixture.legs.isEmpty());
    }

    @Test
    void unknownSourceIsSilentlyDroppedWhenConfigured() throws Exception {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.DROP, Duration.ofMillis(500),
                List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        Sipp.Result r = Sipp.builtIn("uac").target("127.0.0.1", fixture.port).calls(1)
                .timeout(Duration.ofSeconds(3)).run(work);
        assertTrue(r.exitCode() != 0, r.describe());
        assertEquals(0, r.successfulCalls(), r.describe());
        assertTrue(fixture.metric("unknown_source_dropped_total") >= 1, fixture.metrics().toString());
        assertEquals(0, fixture.metric("messages_sent_total"), "not even a 100 Trying");
    }

    @Test
    void reInviteHoldAndResumeAreAnsweredByTheHandler() throws Exception {
        fixture = new EdgeFixture();
        Sipp.Result r = run("uac_hold_resume", 3);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.successfulCalls(), r.describe() + " (SIPp checks a=recvonly, then a=sendrecv)");
        assertEquals(6, fixture.offers.size());
        assertEquals(3, fixture.offers.stream().filter(o -> o.contains("a=sendonly")).count());
        assertEquals(3, fixture.awaitEnds("REMOTE BYE", 3));
    }

    @Test
    void edgePutsACallerThatAllowsUpdateOnHoldWithUpdate() throws Exception {
        fixture = new EdgeFixture();
        fixture.behaviour.set(leg -> {
            leg.answer(EdgeFixture.SDP);
            timer.schedule(() -> leg.reOffer(EdgeFixture.SDP + "a=sendonly\r\n"), 200, TimeUnit.MILLISECONDS);
        });
        Sipp.Result r = run("uac_update_hold", 3);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.successfulCalls(), r.describe() + " (SIPp receives UPDATE with a=sendonly)");
        assertEquals(3, fixture.awaitEnds("REMOTE BYE", 3));
        assertEquals(3, fixture.renegotiated.size());
        assertTrue(fixture.renegotiated.stream().allMatch(sdp -> sdp.contains("a=recvonly")),
                fixture.renegotiated.toString());
    }

    @Test
    void lost200IsRecoveredByTheEdgesRetransmission() throws Exception {
        fixture = new EdgeFixture();
        // 20 calls with 30% of 200s dropped: all 20 first 200s arriving has a chance of 0.7^20 (0.08%)
        Sipp.Result r = run("uac_lost_200", 20);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(20, r.successfulCalls(), r.describe());
        assertTrue(fixture.metric("retransmissions_sent_total") >= 1, fixture.metrics().toString());
        assertEquals(20, fixture.awaitEnds("REMOTE BYE", 20));
        assertEquals(0, fixture.metric("calls_ack_timeout_total"));
    }
}

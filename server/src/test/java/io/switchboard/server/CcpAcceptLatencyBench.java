package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.WebRtcPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time from the agent's Accept click to two-way audio, over {@code ccp.bench.calls} calls (default 20):
 * the browser measures from its click handler to its analyser hearing the caller's tone; the caller's side
 * (this JVM) from just before the click to the first second of the page's tone in its RTP. Prints p50 and p95
 * of each and of two-way (the later of the two). Run by bench/ccp/run.sh; never asserts a time.
 */
class CcpAcceptLatencyBench {
    private static final double AGENT_HZ = 1000;
    /** In the page: milliseconds from the Accept click to the analyser hearing the caller's tone. */
    private static final String HEARD_AFTER_CLICK = """
            const done = arguments[arguments.length - 1];
            const ccp = window.switchboardCcp;
            const poll = setInterval(() => {
              const f = ccp.softphone.dominantFrequency('remote');
              if (ccp.acceptClickedAt && f && Math.abs(f.hz - %s) < 30 && f.db > -70) {
                clearInterval(poll);
                done(performance.now() - ccp.acceptClickedAt);
              }
            }, 2);
            setTimeout(() => { clearInterval(poll); done(-1); }, 15000);
            """.formatted(CcpCallHarness.CALLER_HZ);

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo();
    @TempDir
    static Path work;

    @Test
    void acceptToTwoWayAudio() throws Exception {
        assumeTrue(WebRtcPage.browserInstalled(), "chromium and chromium-driver are not installed");
        int calls = Integer.getInteger("ccp.bench.calls", 20);
        CcpCallHarness harness = new CcpCallHarness(server, () -> work);
        List<Double> browser = new ArrayList<>();
        List<Double> caller = new ArrayList<>();
        List<Double> twoWay = new ArrayList<>();
        try (CcpBrowser alice = harness.agentAvailable("alice", AGENT_HZ, false)) {
            for (int i = 0; i < calls; i++) {
                try (RtpPeer peer = RtpPeer.open(); Sipp.Running uac = harness.call("bench-" + i, peer)) {
                    IvrCall ivr = IvrCall.follow(server, uac, peer);
                    CcpCallHarness.press(uac, peer, ivr, ivr.contactId(), "1");
                    alice.control("Accept");
                    peer.clearReceived();
                    long clicked = System.nanoTime();
                    alice.click("Accept");
                    double heardInBrowser = alice.jsAsync(HEARD_AFTER_CLICK).asDouble();
                    double heardByCaller = firstTone(peer, clicked);
                    browser.add(heardInBrowser);
                    caller.add(heardByCaller);
                    twoWay.add(Math.max(heardInBrowser, heardByCaller));
                    alice.click("End call");
                    alice.click("Close contact");
                    assertEquals(0, uac.awaitResult(CcpCallHarness.SIPP_LIMIT).exitCode());
                    alice.awaitText("state-name", "Available"::equals, "alice is Available again");
                }
            }
        }
        System.out.printf("ccp accept-to-audio over %d calls (ms): browser hears caller p50 %.0f p95 %.0f;"
                        + " caller hears browser p50 %.0f p95 %.0f; two-way p50 %.0f p95 %.0f%n", calls,
                pct(browser, 50), pct(browser, 95), pct(caller, 50), pct(caller, 95), pct(twoWay, 50), pct(twoWay, 95));
    }

    /** Milliseconds from {@code clickedNanos} to the arrival of the first packet of a run of the agent's tone. */
    private static double firstTone(RtpPeer peer, long clickedNanos) {
        List<RtpPeer.Received> packets = peer.await(p -> p.payloadType() == CcpCallHarness.PCMU, 150,
                Duration.ofSeconds(5));
        for (int i = 0; i + 5 <= packets.size(); i++) {
            if (RtpPeer.toneShare(RtpPeer.decode(packets.subList(i, i + 5), CcpCallHarness.PCMU), AGENT_HZ) > 0.5) {
                return (packets.get(i).arrivalNanos() - clickedNanos) / 1e6;
            }
        }
        return -1;
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}

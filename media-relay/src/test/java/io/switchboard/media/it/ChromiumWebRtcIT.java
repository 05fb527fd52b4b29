package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.WebRtcPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium with a fake microphone playing 1004 Hz negotiates over host candidates with a WebRTC
 * endpoint bridged to a plain RTP leg fed by the test kit with 2000 Hz: the trunk side hears 1004 Hz, the
 * page's analyser hears 2000 Hz, and getStats() counts packets received. The same call with
 * {@code iceTransportPolicy: 'relay'} through our TURN server is the server module's ChromiumTurnRelayIT, since
 * this module never depends on the turn module.
 */
class ChromiumWebRtcIT {
    @TempDir
    Path dir;

    @Test
    void aBrowserTalksThroughAWebRtcEndpointToAnRtpLegOverHostCandidates() throws Exception {
        Assumptions.assumeTrue(WebRtcPage.browserInstalled(),
                "chromium and chromium-driver are installed by scripts/install-test-deps.sh");
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            AtomicReference<EndpointId> browserLeg = new AtomicReference<>();
            CompletableFuture<Void> trunkTone = null;
            try (WebRtcPage page = WebRtcPage.open(dir, 1004, "all", "[]", offer -> {
                NegotiatedEndpoint w = f.relay.answer("call-1", offer).get(10, TimeUnit.SECONDS);
                browserLeg.set(w.id());
                f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
                return w.localSdp();
            })) {
                page.awaitConnected(Duration.ofSeconds(30));
                assertEquals("host", page.selectedCandidatePair().path("local").asText(),
                        page.selectedCandidatePair().toString());
                trunkTone = CompletableFuture.runAsync(
                        () -> trunk.sendTone(2000, 8000, Duration.ofSeconds(6), RtpPeer.PCMU));
                // the browser hears the trunk's tone
                page.awaitHearing(2000, Duration.ofSeconds(10));
                // getStats() lags the media by up to a few hundred ms; the trunk keeps sending for 6 s
                Await.until("getStats() shows more than 50 audio packets received", Duration.ofSeconds(5),
                        () -> page.audioPacketsReceived() > 50);
                // the trunk hears the browser's fake microphone
                trunk.clearReceived();
                List<RtpPeer.Received> heard = trunk.await(r -> r.payloadType() == RtpPeer.PCMU, 100,
                        Duration.ofSeconds(10));
                assertEquals(100, heard.size());
                double share = RtpPeer.toneShare(RtpPeer.decode(heard, RtpPeer.PCMU), 1004);
                assertTrue(share > 0.8, "1004 Hz holds " + share + " of what the trunk heard from the browser");
                EndpointStatistics ws = f.relay.statistics(browserLeg.get()).get(5, TimeUnit.SECONDS);
                assertTrue(ws.packetsIn() > 100, "relay counted " + ws.packetsIn() + " packets from the browser");
                assertEquals(0L, WebRtcBridgeIT.node(ws, "receive/srtp").dropped().get("auth"));
            } finally {
                if (trunkTone != null) {
                    trunkTone.get(20, TimeUnit.SECONDS);
                }
            }
        }
    }
}

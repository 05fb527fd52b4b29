package io.switchboard.server.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.WebRtcPage;
import io.switchboard.turn.TurnServers;
import io.switchboard.turn.api.TurnRestCredentials;
import io.switchboard.turn.api.TurnServer;
import io.switchboard.turn.api.TurnSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10's browser test with {@code iceTransportPolicy: 'relay'}: headless Chromium, whose fake microphone
 * plays 1004 Hz, may only use relay candidates, allocated on our TURN server with TURN REST credentials as
 * {@code /api/ice-servers} issues them. It negotiates with a WebRTC endpoint of the media relay bridged to a
 * plain RTP leg fed by the test kit with 2000 Hz. The TURN server's policy refuses loopback peers except the
 * media relay's advertised address, 127.0.0.1, which is on its allow list as the server wires it. Both tones
 * are heard, getStats() counts packets received, and the selected candidate pair's local side is a relay one.
 * The modules are started directly: the packaged server has no signalling hook for a WebRTC endpoint yet.
 */
class ChromiumTurnRelayIT {
    private static final String SECRET = "turn-rest-secret-for-tests";
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    @TempDir
    Path dir;

    @Test
    void aBrowserLimitedToRelayCandidatesTalksThroughOurTurnServerToAnRtpLeg() throws Exception {
        Assumptions.assumeTrue(WebRtcPage.browserInstalled(),
                "chromium and chromium-driver are installed by scripts/install-test-deps.sh");
        int turnPort = FreePorts.tcpAndUdp();
        int turnRelays = FreePorts.udpRange(20);
        int media = FreePorts.udpRange(64);
        // allowedPeers holds the media relay's advertised address, as the server's wiring always adds it
        TurnSettings turnSettings = new TurnSettings("127.0.0.1", "127.0.0.1", turnPort, FreePorts.tcp(), null,
                null, "switchboard", SECRET, Map.of(), turnRelays, turnRelays + 19, List.of("127.0.0.1"),
                List.of("127.0.0.1"), List.of(turnPort), 10, 100, 0, 600, 100);
        MediaRelaySettings relaySettings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1",
                media, media + 63, Duration.ofSeconds(30), Duration.ofSeconds(150), Duration.ofSeconds(2), dir, 2);
        TurnRestCredentials credentials = TurnRestCredentials.issue(SECRET, "agent-1",
                Instant.now().getEpochSecond() + 600);
        String iceServers = new ObjectMapper().writeValueAsString(List.of(Map.of(
                "urls", List.of("turn:127.0.0.1:" + turnPort + "?transport=udp"),
                "username", credentials.username(), "credential", credentials.password())));
        try (TurnServer turn = TurnServers.start(turnSettings);
             MediaRelay relay = MediaRelays.start(relaySettings, new MediaEventListener() { });
             RtpPeer trunk = RtpPeer.open()) {
            NegotiatedEndpoint t = relay.answer("call-1", trunk.sdpOffer(RtpPeer.PCMU, 101)).get(5, TimeUnit.SECONDS);
            trunk.remote(new InetSocketAddress("127.0.0.1", audioPort(t.localSdp())));
            AtomicReference<EndpointId> browserLeg = new AtomicReference<>();
            AtomicReference<String> browserOffer = new AtomicReference<>();
            CompletableFuture<Void> trunkTone = null;
            try (WebRtcPage page = WebRtcPage.open(dir, 1004, "relay", iceServers, offer -> {
                browserOffer.set(offer);
                NegotiatedEndpoint w = relay.answer("call-1", offer).get(10, TimeUnit.SECONDS);
                browserLeg.set(w.id());
                relay.bridge(w.id(), t.id()).get(5, TimeUnit.SECONDS);
                return w.localSdp();
            })) {
                page.awaitConnected(Duration.ofSeconds(30));
                assertTrue(browserOffer.get().contains(" typ relay") && !browserOffer.get().contains(" typ host"),
                        "the browser offers relay candidates only:\n" + browserOffer.get());
                var pair = page.selectedCandidatePair();
                assertEquals("relay", pair.path("local").asText(), pair.toString());
                assertEquals("host", pair.path("remote").asText(), pair.toString());
                trunkTone = CompletableFuture.runAsync(
                        () -> trunk.sendTone(2000, 8000, Duration.ofSeconds(6), RtpPeer.PCMU));
                // the browser hears the trunk's tone, relayed by our TURN server
                page.awaitHearing(2000, Duration.ofSeconds(10));
                Await.until("getStats() shows more than 50 audio packets received", Duration.ofSeconds(5),
                        () -> page.audioPacketsReceived() > 50);
                // the trunk hears the browser's fake microphone
                trunk.clearReceived();
                List<RtpPeer.Received> heard = trunk.await(r -> r.payloadType() == RtpPeer.PCMU, 100,
                        Duration.ofSeconds(10));
                assertEquals(100, heard.size());
                double share = RtpPeer.toneShare(RtpPeer.decode(heard, RtpPeer.PCMU), 1004);
                assertTrue(share > 0.8, "1004 Hz holds " + share + " of what the trunk heard from the browser");
                EndpointStatistics ws = relay.statistics(browserLeg.get()).get(5, TimeUnit.SECONDS);
                assertTrue(ws.packetsIn() > 100, "relay counted " + ws.packetsIn() + " packets from the browser");
                // the media went through an allocation on our server, not around it
                Map<String, Long> counters = turn.metrics();
                assertTrue(counters.get("allocations_created_total") >= 1, counters.toString());
                assertTrue(counters.get("relayed_packets_total{direction=\"to_peer\"}") > 100, counters.toString());
                assertTrue(counters.get("relayed_packets_total{direction=\"to_client\"}") > 100,
                        counters.toString());
            } finally {
                if (trunkTone != null) {
                    trunkTone.get(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int audioPort(String sdp) {
        Matcher m = AUDIO_PORT.matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }
}

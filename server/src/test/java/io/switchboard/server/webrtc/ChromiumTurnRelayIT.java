package io.switchboard.server.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The same call runs with only a TURN-over-TCP URL and with only a TURNS URL, for softphones behind firewalls
 * that pass nothing but TCP or TLS; getStats()'s relayProtocol of the candidate in use shows the allocation's
 * transport. For TURNS, Chromium trusts a test certificate for 127.0.0.1 by its SPKI hash, and without that
 * pin it gathers no relay candidate at all.
 * The modules are started directly: the packaged server has no signalling hook for a WebRTC endpoint yet.
 */
class ChromiumTurnRelayIT {
    private static final String SECRET = "turn-rest-secret-for-tests";
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    @TempDir
    Path dir;

    @Test
    void aBrowserLimitedToRelayCandidatesTalksThroughOurTurnServerToAnRtpLeg() throws Exception {
        talkThroughOurTurnServer(Transport.UDP);
    }

    /** Only a {@code turn:...?transport=tcp} URL: the allocation is made, and media carried, over TCP. */
    @Test
    void overTcpOnlyTheBrowserTalksThroughATcpAllocation() throws Exception {
        talkThroughOurTurnServer(Transport.TCP);
    }

    /**
     * Only a {@code turns:} URL (RFC 8656 section 3.1, TURN over TLS): Chromium trusts our test certificate,
     * issued for 127.0.0.1, by its SPKI hash, and the allocation is made, and media carried, over TLS.
     */
    @Test
    void overTlsOnlyTheBrowserTalksThroughATurnsAllocation() throws Exception {
        talkThroughOurTurnServer(Transport.TLS);
    }

    /** The control for the test above: without the pin, Chromium refuses the certificate and gathers nothing. */
    @Test
    void aTurnsCertificateTheBrowserDoesNotTrustGivesNoRelayCandidate() throws Exception {
        Assumptions.assumeTrue(WebRtcPage.browserInstalled(),
                "chromium and chromium-driver are installed by scripts/install-test-deps.sh");
        int turnPort = FreePorts.tcpAndUdp();
        int tlsPort = FreePorts.tcp();
        int turnRelays = FreePorts.udpRange(20);
        Path cert = dir.resolve("turn.pem");
        Path key = dir.resolve("turn.key");
        TestCertificate.selfSigned(cert, key, dir);
        TurnSettings turnSettings = turnSettings(turnPort, tlsPort, turnRelays, cert, key);
        String iceServers = iceServers("turns:127.0.0.1:" + tlsPort + "?transport=tcp");
        AtomicReference<String> browserOffer = new AtomicReference<>();
        try (TurnServer turn = TurnServers.start(turnSettings);
             WebRtcPage page = WebRtcPage.open(dir, 1004, "relay", iceServers, offer -> {
                 browserOffer.set(offer);
                 throw new IllegalStateException("no answer: the test only reads the offer");
             })) {
            Await.until("the browser finished gathering and sent its offer", Duration.ofSeconds(20),
                    () -> browserOffer.get() != null);
            assertFalse(browserOffer.get().contains(" typ relay"), browserOffer.get());
            assertEquals(0L, turn.metrics().get("allocations_created_total"), turn.metrics().toString());
        }
    }

    /** How the browser reaches our TURN server, and what getStats() then calls the relay candidate's protocol. */
    private enum Transport {
        UDP("udp"), TCP("tcp"), TLS("tls");

        final String relayProtocol;

        Transport(String relayProtocol) {
            this.relayProtocol = relayProtocol;
        }
    }

    private void talkThroughOurTurnServer(Transport transport) throws Exception {
        Assumptions.assumeTrue(WebRtcPage.browserInstalled(),
                "chromium and chromium-driver are installed by scripts/install-test-deps.sh");
        int turnPort = FreePorts.tcpAndUdp();
        int tlsPort = FreePorts.tcp();
        int turnRelays = FreePorts.udpRange(20);
        int media = FreePorts.udpRange(64);
        Path cert = null;
        Path key = null;
        List<String> chromiumArgs = List.of();
        if (transport == Transport.TLS) {
            cert = dir.resolve("turn.pem");
            key = dir.resolve("turn.key");
            TestCertificate.selfSigned(cert, key, dir);
            chromiumArgs = List.of("--ignore-certificate-errors-spki-list=" + TestCertificate.spkiSha256(cert));
        }
        TurnSettings turnSettings = turnSettings(turnPort, tlsPort, turnRelays, cert, key);
        MediaRelaySettings relaySettings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1",
                media, media + 63, Duration.ofSeconds(30), Duration.ofSeconds(150), Duration.ofSeconds(2), dir, 2);
        String url = switch (transport) {
            case UDP -> "turn:127.0.0.1:" + turnPort + "?transport=udp";
            case TCP -> "turn:127.0.0.1:" + turnPort + "?transport=tcp";
            case TLS -> "turns:127.0.0.1:" + tlsPort + "?transport=tcp";
        };
        String iceServers = iceServers(url);
        try (TurnServer turn = TurnServers.start(turnSettings);
             MediaRelay relay = MediaRelays.start(relaySettings, new MediaEventListener() { });
             RtpPeer trunk = RtpPeer.open()) {
            NegotiatedEndpoint t = relay.answer("call-1", trunk.sdpOffer(RtpPeer.PCMU, 101)).get(5, TimeUnit.SECONDS);
            trunk.remote(new InetSocketAddress("127.0.0.1", audioPort(t.localSdp())));
            AtomicReference<EndpointId> browserLeg = new AtomicReference<>();
            AtomicReference<String> browserOffer = new AtomicReference<>();
            CompletableFuture<Void> trunkTone = null;
            try (WebRtcPage page = WebRtcPage.open(dir, 1004, "relay", iceServers, chromiumArgs, offer -> {
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
                // the relay candidate in use was allocated over this transport (W3C webrtc-stats relayProtocol)
                assertEquals(transport.relayProtocol, pair.path("relayProtocol").asText(), pair.toString());
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

    /** allowedPeers holds the media relay's advertised address, as the server's wiring always adds it. */
    private static TurnSettings turnSettings(int turnPort, int tlsPort, int relays, Path cert, Path key) {
        return new TurnSettings("127.0.0.1", "127.0.0.1", turnPort, tlsPort, cert, key, "switchboard", SECRET,
                Map.of(), relays, relays + 19, List.of("127.0.0.1"), List.of("127.0.0.1"),
                List.of(turnPort, tlsPort), 10, 100, 0, 600, 100);
    }

    /** The one-server iceServers list with TURN REST credentials, as {@code /api/ice-servers} issues them. */
    private static String iceServers(String url) throws Exception {
        TurnRestCredentials credentials = TurnRestCredentials.issue(SECRET, "agent-1",
                Instant.now().getEpochSecond() + 600);
        return new ObjectMapper().writeValueAsString(List.of(Map.of(
                "urls", List.of(url), "username", credentials.username(), "credential", credentials.password())));
    }

    private static int audioPort(String sdp) {
        Matcher m = AUDIO_PORT.matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }
}

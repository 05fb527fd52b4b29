package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.OfferRejectedException;
import io.switchboard.media.api.PathNodeCounters;
import io.switchboard.media.sdp.Fingerprint;
import io.switchboard.media.webrtc.WebRtcPeer;
import io.switchboard.media.webrtc.dtls.DtlsTestClient;
import io.switchboard.media.webrtc.srtp.SrtpProfile;
import io.switchboard.testkit.RtpPeer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java DTLS-SRTP peer (test code on bctls, playing the browser) talks to a WebRTC endpoint bridged to a
 * plain RTP leg over real UDP on loopback.
 */
class WebRtcBridgeIT {
    @TempDir
    Path dir;

    @Test
    void tonesCrossBetweenWebRtcAndPlainRtpBothWays() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            NegotiatedEndpoint w = f.relay.answer("call-1", browser.offer()).get(5, TimeUnit.SECONDS);
            assertTrue(w.localSdp().contains("a=setup:passive"), w.localSdp());
            Fingerprint relayFingerprint = browser.answer(w.localSdp());
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMA, 96);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);

            assertEquals(SrtpProfile.AEAD_AES_128_GCM, browser.connect(relayFingerprint));
            CompletableFuture<Void> down = CompletableFuture.runAsync(
                    () -> trunk.sendTone(2000, 8000, Duration.ofSeconds(2), RtpPeer.PCMA));
            // the relay's keys are installed when its first SRTP reaches the browser; then the browser speaks
            assertTrue(browser.await(1, Duration.ofSeconds(5)).size() >= 1, "SRTP from the relay");
            browser.sendTone(1004, 8000, Duration.ofSeconds(2));
            down.get(10, TimeUnit.SECONDS);

            List<RtpPeer.Received> atTrunk = trunk.await(r -> true, 100, Duration.ofSeconds(3));
            BridgeIT.assertStream(atTrunk, RtpPeer.PCMA, 1004);
            List<RtpPeer.Received> atBrowser = browser.await(100, Duration.ofSeconds(3));
            assertTrue(atBrowser.size() >= 90, atBrowser.size() + " packets reached the browser");
            BridgeIT.assertStreamShape(atBrowser, RtpPeer.PCMU, true);
            double share = RtpPeer.toneShare(RtpPeer.decode(atBrowser, RtpPeer.PCMU), 2000);
            assertTrue(share > 0.9, "2000 Hz holds " + share + " of what the browser heard");

            EndpointStatistics ws = f.relay.statistics(w.id()).get(5, TimeUnit.SECONDS);
            assertEquals(100, ws.packetsIn());
            assertEquals(0, ws.packetsLost());
            assertEquals(0L, node(ws, "receive/srtp").dropped().get("auth"));
        }
    }

    @Test
    void aReplayedSrtpPacketIsDroppedAndCounted() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            NegotiatedEndpoint w = f.relay.answer("call-1", browser.offer()).get(5, TimeUnit.SECONDS);
            browser.connect(browser.answer(w.localSdp()), SrtpProfile.AES128_CM_HMAC_SHA1_80);
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
            trunk.sendTone(2000, 8000, Duration.ofMillis(200), RtpPeer.PCMU);
            assertTrue(browser.await(1, Duration.ofSeconds(5)).size() >= 1, "the relay is keyed");
            byte[] wire = browser.sendSrtp(rtp(1, 160));
            browser.sendSrtp(rtp(2, 320));
            browser.send(wire); // the same SRTP packet again
            assertEquals(2, trunk.await(r -> true, 2, Duration.ofSeconds(3)).size());
            EndpointStatistics ws = awaitStats(f, w.id(), s -> node(s, "receive/srtp").in() >= 3);
            assertEquals(1L, node(ws, "receive/srtp").dropped().get("replay"));
            assertEquals(2, ws.packetsIn());
            assertEquals(2, trunk.received().size(), "the replay went no further");
        }
    }

    @Test
    void anIceRestartTakesNewCredentialsAndKeepsTheMediaOfBothLegs() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            NegotiatedEndpoint w = f.relay.answer("call-1", browser.offer()).get(5, TimeUnit.SECONDS);
            browser.connect(browser.answer(w.localSdp()));
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
            trunk.sendTone(2000, 8000, Duration.ofMillis(200), RtpPeer.PCMU);
            assertTrue(browser.await(1, Duration.ofSeconds(5)).size() >= 1, "the relay is keyed");
            String oldUfrag = browser.relayUfrag();

            browser.restartIce();
            String reanswer = f.relay.update(w.id(), browser.offer()).get(5, TimeUnit.SECONDS);
            browser.answer(reanswer);
            assertTrue(!browser.relayUfrag().equals(oldUfrag), "new ice-ufrag in the answer: " + reanswer);
            assertTrue(reanswer.contains("a=setup:passive"), "the DTLS role stays");
            assertEquals(0x0111, browser.check(oldUfrag + ":x", browser.relayPwdBefore()), "old credentials: 401");
            assertEquals(0x0101, browser.check(), "new credentials: success");

            trunk.clearReceived();
            browser.sendTone(1004, 8000, Duration.ofMillis(600));
            List<RtpPeer.Received> atTrunk = trunk.await(r -> true, 30, Duration.ofSeconds(3));
            assertEquals(30, atTrunk.size(), "the keys and the bridge survived the restart");
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(atTrunk, RtpPeer.PCMU), 1004) > 0.9);
        }
    }

    @Test
    void aReofferWithANewFingerprintStartsANewAssociationWhoseKeysAloneAreAccepted() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            NegotiatedEndpoint w = f.relay.answer("call-1", browser.offer()).get(5, TimeUnit.SECONDS);
            browser.connect(browser.answer(w.localSdp()), SrtpProfile.AES128_CM_HMAC_SHA1_80);
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
            trunk.sendTone(2000, 8000, Duration.ofMillis(200), RtpPeer.PCMU);
            assertTrue(browser.await(1, Duration.ofSeconds(5)).size() >= 1, "the relay is keyed");

            browser.renewCertificate();
            String reanswer = f.relay.update(w.id(), browser.offer()).get(5, TimeUnit.SECONDS);
            assertTrue(reanswer.contains("a=setup:passive"), "the DTLS role stays: " + reanswer);
            // a second handshake, the relay checking the new certificate against the re-offer's fingerprint
            browser.connect(browser.answer(reanswer), SrtpProfile.AES128_CM_HMAC_SHA1_80);
            int before = browser.received().size();
            CompletableFuture<Void> down = CompletableFuture.runAsync(
                    () -> trunk.sendTone(2000, 8000, Duration.ofMillis(600), RtpPeer.PCMU));
            // the browser decrypts only with the new keys: what it hears now the relay protected with them
            assertTrue(browser.await(before + 5, Duration.ofSeconds(5)).size() >= before + 5, "new keys downstream");
            down.get(10, TimeUnit.SECONDS);

            trunk.clearReceived();
            for (int i = 0; i < 3; i++) {
                browser.sendSrtpWithPreviousKeys(rtp(100 + i, 16000 + 160 * i));
            }
            browser.sendTone(1004, 8000, Duration.ofMillis(600));
            List<RtpPeer.Received> atTrunk = trunk.await(r -> true, 30, Duration.ofSeconds(3));
            assertEquals(30, atTrunk.size(), "the new keys carry the media");
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(atTrunk, RtpPeer.PCMU), 1004) > 0.9);
            EndpointStatistics ws = awaitStats(f, w.id(), s -> node(s, "receive/srtp").dropped().get("auth") >= 3);
            assertEquals(3L, node(ws, "receive/srtp").dropped().get("auth"), "the old keys are refused");
            assertTrue(f.drain("transport-failed", w.id()).isEmpty(), "the endpoint did not fail");
        }
    }

    @Test
    void theMediaFollowTheBrowsersNominationFromHostToRelayCandidateAndBack() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            NegotiatedEndpoint w = f.relay.answer("call-1", browser.offer()).get(5, TimeUnit.SECONDS);
            browser.connect(browser.answer(w.localSdp()));
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
            java.net.InetSocketAddress host = browser.activeAddress();
            trunk.sendTone(2000, 8000, Duration.ofMillis(200), RtpPeer.PCMU);
            assertTrue(browser.await(1, Duration.ofSeconds(5)).size() >= 1, "the relay is keyed");

            java.net.InetSocketAddress relayed = browser.switchPath();
            assertEquals(0x0101, browser.check(), "a check with USE-CANDIDATE from the relay candidate");
            assertPathCarriesBothWays(browser, trunk, relayed, host);

            assertEquals(host, browser.switchPath());
            assertEquals(0x0101, browser.check(), "and back to the host candidate");
            assertPathCarriesBothWays(browser, trunk, host, relayed);
        }
    }

    /** The relay sends to {@code selected} alone and forwards what the browser sends from there. */
    private static void assertPathCarriesBothWays(WebRtcPeer browser, RtpPeer trunk, java.net.InetSocketAddress selected,
            java.net.InetSocketAddress other) throws Exception {
        int atSelected = browser.decryptedAt(selected);
        int atOther = browser.decryptedAt(other);
        trunk.sendTone(2000, 8000, Duration.ofMillis(200), RtpPeer.PCMU);
        io.switchboard.testkit.Await.until("the tone at " + selected, Duration.ofSeconds(3),
                () -> browser.decryptedAt(selected) >= atSelected + 10);
        assertEquals(atSelected + 10, browser.decryptedAt(selected), "the relay sends to the selected pair");
        assertEquals(atOther, browser.decryptedAt(other), "and no longer to the other one");
        trunk.clearReceived();
        browser.sendTone(1004, 8000, Duration.ofMillis(200));
        assertEquals(10, trunk.await(r -> true, 10, Duration.ofSeconds(3)).size(), "from the selected pair on");
    }

    @Test
    void aCertificateThatDoesNotMatchTheOfferedFingerprintFailsTheEndpoint() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30));
                WebRtcPeer impostor = new WebRtcPeer(DtlsTestClient.newCertificate())) {
            Fingerprint announced = DtlsTestClient.newCertificate().fingerprint(); // someone else's
            NegotiatedEndpoint w = f.relay.answer("call-1", impostor.offer(announced)).get(5, TimeUnit.SECONDS);
            RtpPeer trunk = f.peer();
            EndpointId t = f.answer("call-1", trunk, RtpPeer.PCMU, 101);
            f.relay.bridge(w.id(), t).get(5, TimeUnit.SECONDS);
            Fingerprint relayFingerprint = impostor.answer(w.localSdp());
            assertThrows(Exception.class, () -> impostor.connect(relayFingerprint));
            RelayFixture.Event failed = f.next("transport-failed", w.id(), Duration.ofSeconds(5));
            assertNotNull(failed);
            assertEquals("FINGERPRINT_MISMATCH", failed.detail());
            trunk.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            EndpointStatistics ws = f.relay.statistics(w.id()).get(5, TimeUnit.SECONDS);
            assertEquals(0, impostor.srtpSeen(), "no media reached the impostor");
            assertEquals(0L, node(ws, "send/srtp").out());
            assertEquals(0, ws.packetsIn());
            assertThrows(IllegalStateException.class, impostor::check, "a failed endpoint answers no more checks");
        }
    }

    @Test
    void anOfferWithoutFingerprintIsRejected() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30)); WebRtcPeer browser = new WebRtcPeer()) {
            String offer = browser.offer().replaceAll("a=fingerprint:[^\r]*\r\n", "");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.relay.answer("call-1", offer).get(5, TimeUnit.SECONDS));
            assertInstanceOf(OfferRejectedException.class, e.getCause());
            assertEquals(0, f.relay.endpointCount());
        }
    }

    static PathNodeCounters node(EndpointStatistics s, String name) {
        return s.path().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
    }

    private static EndpointStatistics awaitStats(RelayFixture f, EndpointId id,
            java.util.function.Predicate<EndpointStatistics> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        EndpointStatistics s;
        do {
            s = f.relay.statistics(id).get(5, TimeUnit.SECONDS);
        } while (!done.test(s) && System.nanoTime() < deadline);
        return s;
    }

    private static byte[] rtp(int seq, long ts) {
        ByteBuffer b = ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) ts).putInt(0x01020304);
        for (int i = 0; i < 160; i++) {
            b.put((byte) 0xFF);
        }
        return b.array();
    }
}

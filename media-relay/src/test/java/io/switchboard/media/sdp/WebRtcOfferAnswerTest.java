package io.switchboard.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.codec.AudioCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebRtcOfferAnswerTest {
    static final LocalAudio LOCAL = new LocalAudio("198.51.100.7", 20000, 42, 1, 101);
    static final Fingerprint OURS = Fingerprint.of("sha-256", new byte[] {1, 2, 3});
    static final LocalWebRtc ICE = new LocalWebRtc("abcd", "0123456789abcdefghijkl", OURS, DtlsSetup.PASSIVE, 77);

    static String chromeOffer() throws IOException {
        try (InputStream in = WebRtcOfferAnswerTest.class.getResourceAsStream("/sdp/chrome-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void acceptsChromesOfferWithAudioAndVideo() throws Exception {
        SessionDescription offer = SessionDescription.parse(chromeOffer());
        assertTrue(WebRtcOfferAnswer.isWebRtc(offer));
        assertEquals(List.of("0", "1"), offer.bundle());
        NegotiatedWebRtc n = WebRtcOfferAnswer.answer(offer, Direction.SENDRECV);
        assertEquals(AudioCodec.PCMU, n.audio().codec(), "first G.711 in Chrome's order (opus and G722 skipped)");
        assertEquals(0, n.audio().codecPayloadType());
        assertEquals(126, n.audio().telephoneEventPayloadType(), "the 8 kHz telephone-event, not the 48 kHz one");
        assertTrue(n.audio().rtcpMux());
        assertEquals("Jz4e", n.remoteUfrag());
        assertEquals("F3b4pQ0xUe9Jk1wB7tS2vLmR", n.remotePwd());
        assertEquals("sha-256", n.remoteFingerprint().algorithm());
        assertEquals(32, n.remoteFingerprint().hash().length);
        assertFalse(n.dtlsClient(), "offered actpass: we answer passive and serve DTLS");
        assertEquals("0", n.mid());
        assertEquals(1398226341L, n.audio().remoteSsrc());
        assertFalse(n.audio().held());
    }

    @Test
    void answersOneBundledAudioSectionAndRejectsVideo() throws Exception {
        SessionDescription offer = SessionDescription.parse(chromeOffer());
        NegotiatedWebRtc n = WebRtcOfferAnswer.answer(offer, Direction.SENDRECV);
        String answer = WebRtcOfferAnswer.writeAnswer(offer, n, LOCAL, ICE);
        List<String> lines = Arrays.asList(answer.split("\r\n"));
        assertTrue(lines.contains("a=ice-lite"), answer);
        assertTrue(lines.contains("a=group:BUNDLE 0"), answer);
        assertTrue(lines.contains("m=audio 20000 UDP/TLS/RTP/SAVPF 0 126"), answer);
        assertTrue(lines.contains("a=rtpmap:0 PCMU/8000"), answer);
        assertTrue(lines.contains("a=rtpmap:126 telephone-event/8000"), answer);
        assertTrue(lines.contains("a=ice-ufrag:abcd"), answer);
        assertTrue(lines.contains("a=ice-pwd:0123456789abcdefghijkl"), answer);
        assertTrue(lines.contains("a=fingerprint:" + OURS.sdpValue()), answer);
        assertTrue(lines.contains("a=setup:passive"), answer);
        assertTrue(lines.contains("a=rtcp-mux"), answer);
        assertTrue(lines.contains("a=mid:0"), answer);
        assertTrue(lines.contains("a=candidate:1 1 udp 2130706431 198.51.100.7 20000 typ host"), answer);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("m=video 0 UDP/TLS/RTP/SAVPF 96 97")), answer);
        assertTrue(lines.contains("a=mid:1"), answer);
        // what we answer parses back as a WebRTC description a browser could have sent
        SessionDescription back = SessionDescription.parse(answer);
        assertTrue(back.iceLite());
        NegotiatedWebRtc reread = WebRtcOfferAnswer.acceptAnswer(back, Direction.SENDRECV);
        assertEquals(OURS, reread.remoteFingerprint());
        assertTrue(reread.dtlsClient(), "a peer reading our passive answer is the DTLS client");
    }

    @Test
    void setupBothWays() throws Exception {
        String passive = chromeOffer().replace("a=setup:actpass", "a=setup:passive");
        assertTrue(WebRtcOfferAnswer.answer(SessionDescription.parse(passive), Direction.SENDRECV).dtlsClient());
        SessionDescription offer = SessionDescription.parse(passive);
        NegotiatedWebRtc n = WebRtcOfferAnswer.answer(offer, Direction.SENDRECV);
        assertTrue(WebRtcOfferAnswer.writeAnswer(offer, n, LOCAL, ICE).contains("a=setup:active\r\n"));
        String active = chromeOffer().replace("a=setup:actpass", "a=setup:active");
        assertFalse(WebRtcOfferAnswer.answer(SessionDescription.parse(active), Direction.SENDRECV).dtlsClient());
    }

    @Test
    void ourOfferIsActpassAndABrowserAnswerSetsTheRole() throws Exception {
        String offer = WebRtcOfferAnswer.writeOffer(LOCAL, ICE, Direction.SENDRECV);
        assertTrue(offer.contains("m=audio 20000 UDP/TLS/RTP/SAVPF 0 8 101\r\n"), offer);
        assertTrue(offer.contains("a=setup:actpass\r\n"), offer);
        assertTrue(offer.contains("a=group:BUNDLE 0\r\n"), offer);
        String browserAnswer = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0", "m=audio 9 UDP/TLS/RTP/SAVPF 0 101", "c=IN IP4 0.0.0.0",
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=ice-ufrag:wxyz",
                "a=ice-pwd:aaaaaaaaaaaaaaaaaaaaaaaa", "a=fingerprint:" + OURS.sdpValue(), "a=setup:active",
                "a=mid:0", "a=sendrecv", "a=rtcp-mux", "") + "\r\n";
        NegotiatedWebRtc n = WebRtcOfferAnswer.acceptAnswer(SessionDescription.parse(browserAnswer),
                Direction.SENDRECV);
        assertFalse(n.dtlsClient(), "the browser answered active: we serve");
        assertFalse(n.audio().held(), "c=0.0.0.0 in a browser's SDP is not hold");
        String passive = browserAnswer.replace("a=setup:active", "a=setup:passive");
        assertTrue(WebRtcOfferAnswer.acceptAnswer(SessionDescription.parse(passive), Direction.SENDRECV)
                .dtlsClient());
        String actpass = browserAnswer.replace("a=setup:active", "a=setup:actpass");
        assertThrows(SdpException.class,
                () -> WebRtcOfferAnswer.acceptAnswer(SessionDescription.parse(actpass), Direction.SENDRECV));
    }

    @Test
    void refusesOffersWithoutWhatDtlsAndIceNeed() throws Exception {
        String noFingerprint = chromeOffer().replaceAll("a=fingerprint:[^\r]*\r\n", "");
        SdpException e = assertThrows(SdpException.class,
                () -> WebRtcOfferAnswer.answer(SessionDescription.parse(noFingerprint), Direction.SENDRECV));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        String noPwd = chromeOffer().replaceAll("a=ice-pwd:[^\r]*\r\n", "");
        assertThrows(SdpException.class,
                () -> WebRtcOfferAnswer.answer(SessionDescription.parse(noPwd), Direction.SENDRECV));
        String noMux = chromeOffer().replace("a=rtcp-mux\r\n", "");
        assertThrows(SdpException.class,
                () -> WebRtcOfferAnswer.answer(SessionDescription.parse(noMux), Direction.SENDRECV));
        String opusOnly = chromeOffer().replace("m=audio 54312 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
                "m=audio 54312 UDP/TLS/RTP/SAVPF 111");
        assertThrows(SdpException.class,
                () -> WebRtcOfferAnswer.answer(SessionDescription.parse(opusOnly), Direction.SENDRECV));
    }

    @Test
    void sessionLevelCredentialsAsFirefoxWritesThem() throws Exception {
        String firefox = String.join("\r\n", "v=0", "o=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0", "s=-",
                "t=0 0", "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=ice-options:trickle",
                "a=group:BUNDLE 0", "m=audio 9 UDP/TLS/RTP/SAVPF 109 0 8 101", "c=IN IP4 0.0.0.0",
                "a=ice-pwd:ffffffffffffffffffffffffffffffff", "a=ice-ufrag:ffff", "a=mid:0", "a=rtcp-mux",
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
                "a=setup:actpass", "a=sendrecv", "") + "\r\n";
        NegotiatedWebRtc n = WebRtcOfferAnswer.answer(SessionDescription.parse(firefox), Direction.SENDRECV);
        assertNotNull(n.remoteFingerprint());
        assertEquals("ffff", n.remoteUfrag());
    }

    @Test
    void fingerprintRoundTripsAndComparesBytes() throws Exception {
        byte[] der = "certificate".getBytes(StandardCharsets.US_ASCII);
        Fingerprint f = Fingerprint.of("sha-256", der);
        assertEquals(f, Fingerprint.parse(f.sdpValue().toLowerCase()));
        assertTrue(f.matches(der));
        assertFalse(f.matches("other".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(SdpException.class, () -> Fingerprint.parse("md5 AA:BB"));
    }
}

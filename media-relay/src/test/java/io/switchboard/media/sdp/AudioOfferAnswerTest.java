package io.switchboard.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.codec.AudioCodec;
import org.junit.jupiter.api.Test;

class AudioOfferAnswerTest {
    static final String TRUNK_OFFER = String.join("\r\n",
            "v=0",
            "o=- 3858 1 IN IP4 203.0.113.5",
            "s=-",
            "c=IN IP4 203.0.113.5",
            "t=0 0",
            "m=audio 40000 RTP/AVP 8 0 96 18",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:96 telephone-event/8000",
            "a=fmtp:96 0-15",
            "a=rtpmap:18 G729/8000",
            "a=ptime:20",
            "a=sendrecv",
            "m=video 40002 RTP/AVP 97",
            "a=rtpmap:97 H264/90000",
            "") + "\r\n";
    static final LocalAudio LOCAL = new LocalAudio("198.51.100.7", 20000, 42, 1, 101);

    @Test
    void answersWithTheOfferersFirstG711AndItsTelephoneEventNumber() throws Exception {
        SessionDescription offer = SessionDescription.parse(TRUNK_OFFER);
        NegotiatedAudio n = AudioOfferAnswer.answer(offer, Direction.SENDRECV);
        assertEquals(AudioCodec.PCMA, n.codec());
        assertEquals(8, n.codecPayloadType());
        assertEquals(96, n.telephoneEventPayloadType());
        assertEquals("203.0.113.5", n.remoteAddress());
        assertEquals(40000, n.remotePort());
        assertEquals(40001, n.remoteRtcpPort());
        assertFalse(n.rtcpMux());
        assertEquals(Direction.SENDRECV, n.localDirection());

        String answer = AudioOfferAnswer.writeAnswer(offer, n, LOCAL);
        assertTrue(answer.contains("c=IN IP4 198.51.100.7\r\n"), answer);
        assertTrue(answer.contains("m=audio 20000 RTP/AVP 8 96\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:96 telephone-event/8000\r\n"), answer);
        assertTrue(answer.contains("a=ptime:20\r\n"), answer);
        assertTrue(answer.contains("a=rtcp:20001\r\n"), answer);
        assertTrue(answer.contains("m=video 0 RTP/AVP 97\r\n"), "rejected stream keeps its slot: " + answer);

        NegotiatedAudio reparsed = AudioOfferAnswer.acceptAnswer(SessionDescription.parse(answer), Direction.SENDRECV);
        assertEquals(AudioCodec.PCMA, reparsed.codec());
        assertEquals(96, reparsed.telephoneEventPayloadType());
        assertEquals(20000, reparsed.remotePort());
    }

    @Test
    void mirrorsHoldDirectionsAndHonoursRtcpMux() throws Exception {
        String offer = TRUNK_OFFER.replace("a=sendrecv", "a=sendonly\r\na=rtcp-mux");
        NegotiatedAudio n = AudioOfferAnswer.answer(SessionDescription.parse(offer), Direction.SENDRECV);
        assertEquals(Direction.RECVONLY, n.localDirection());
        assertTrue(n.held());
        assertTrue(n.rtcpMux());
        assertEquals(40000, n.remoteRtcpPort());
        String answer = AudioOfferAnswer.writeAnswer(SessionDescription.parse(offer), n, LOCAL);
        assertTrue(answer.contains("a=recvonly\r\n"));
        assertTrue(answer.contains("a=rtcp-mux\r\n"));

        NegotiatedAudio inactive = AudioOfferAnswer.answer(
                SessionDescription.parse(TRUNK_OFFER.replace("a=sendrecv", "a=inactive")), Direction.SENDRECV);
        assertEquals(Direction.INACTIVE, inactive.localDirection());
        NegotiatedAudio recvonly = AudioOfferAnswer.answer(
                SessionDescription.parse(TRUNK_OFFER.replace("a=sendrecv", "a=recvonly")), Direction.SENDRECV);
        assertEquals(Direction.SENDONLY, recvonly.localDirection());
    }

    @Test
    void readsRfc3605RtcpAttributeAndMediaLevelConnection() throws Exception {
        String offer = TRUNK_OFFER.replace("a=ptime:20", "a=ptime:20\r\nc=IN IP4 10.0.0.9\r\na=rtcp:50001 IN IP4 10.0.0.9");
        NegotiatedAudio n = AudioOfferAnswer.answer(SessionDescription.parse(offer), Direction.SENDRECV);
        assertEquals("10.0.0.9", n.remoteAddress());
        assertEquals(50001, n.remoteRtcpPort());
    }

    @Test
    void rejectsOffersWithoutG711OrWithSecureProfiles() {
        String g729Only = TRUNK_OFFER.replace("m=audio 40000 RTP/AVP 8 0 96 18", "m=audio 40000 RTP/AVP 18");
        SdpException e = assertThrows(SdpException.class,
                () -> AudioOfferAnswer.answer(SessionDescription.parse(g729Only), Direction.SENDRECV));
        assertTrue(e.getMessage().contains("PCMU or PCMA"));
        String savp = TRUNK_OFFER.replace("RTP/AVP 8 0 96 18", "RTP/SAVP 8 0 96 18");
        assertThrows(SdpException.class, () -> AudioOfferAnswer.answer(SessionDescription.parse(savp), Direction.SENDRECV));
        String wideband = TRUNK_OFFER.replace("m=audio 40000 RTP/AVP 8 0 96 18", "m=audio 40000 RTP/AVP 97")
                .replace("a=rtpmap:8 PCMA/8000", "a=rtpmap:97 PCMU/16000");
        assertThrows(SdpException.class, () -> AudioOfferAnswer.answer(SessionDescription.parse(wideband), Direction.SENDRECV));
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndMalformedLinesAreReported() throws Exception {
        String bare = "v=0\nc=IN IP4 192.0.2.1\nm=audio 30000 RTP/AVP 0\n";
        NegotiatedAudio n = AudioOfferAnswer.answer(SessionDescription.parse(bare), Direction.SENDRECV);
        assertEquals(AudioCodec.PCMU, n.codec());
        assertEquals(-1, n.telephoneEventPayloadType());
        SdpException e = assertThrows(SdpException.class,
                () -> SessionDescription.parse("v=0\nc=IN IP4 192.0.2.1\nm=audio 99999 RTP/AVP 0\n"));
        assertEquals("line 3: port out of range: 99999", e.getMessage());
        assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\ngarbage\n"));
        assertThrows(SdpException.class, () -> SessionDescription.parse("c=IN IP4 1.2.3.4\n"));
        assertThrows(SdpException.class, () -> SessionDescription.parse(""));
        assertThrows(SdpException.class,
                () -> AudioOfferAnswer.answer(SessionDescription.parse("v=0\nm=audio 30000 RTP/AVP 0\n"), Direction.SENDRECV));
    }

    @Test
    void offerListsBothLawsAndTelephoneEvent() throws Exception {
        String offer = AudioOfferAnswer.writeOffer(LOCAL, Direction.SENDRECV);
        assertTrue(offer.contains("m=audio 20000 RTP/AVP 0 8 101\r\n"), offer);
        assertTrue(offer.contains("a=fmtp:101 0-16\r\n"));
        NegotiatedAudio self = AudioOfferAnswer.answer(SessionDescription.parse(offer), Direction.SENDRECV);
        assertEquals(AudioCodec.PCMU, self.codec());
        assertEquals(101, self.telephoneEventPayloadType());
    }
}

package io.switchboard.media.sdp;

import java.util.List;
import java.util.Locale;

/**
 * Offer/answer with browsers (RFC 8829 JSEP, RFC 8843 BUNDLE): one audio section over
 * {@code UDP/TLS/RTP/SAVPF} with PCMU/PCMA and telephone-event, RTCP muxed (RFC 8858), ICE-lite credentials
 * (RFC 8839), the DTLS fingerprint (RFC 8122) and role (RFC 5763 section 5). Every other section of an offer
 * (video, data, a second audio) is answered with port 0, and the BUNDLE group holds only the audio's mid.
 */
public final class WebRtcOfferAnswer {
    /** The profile of DTLS-SRTP with RTCP feedback that browsers offer (RFC 5764 section 8). */
    public static final String PROTO = "UDP/TLS/RTP/SAVPF";
    private static final String CRLF = "\r\n";

    private WebRtcOfferAnswer() {
    }

    /** True when {@code sd}'s m= sections ask for DTLS-SRTP ({@code UDP/TLS/RTP/SAVP[F]}): a browser's SDP. */
    public static boolean isWebRtc(SessionDescription sd) {
        for (MediaDescription m : sd.media) {
            if (m.media.equals("audio") && m.port != 0 && isSecureProto(m.proto)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSecureProto(String proto) {
        String p = proto.toUpperCase(Locale.ROOT);
        return p.equals(PROTO) || p.equals("UDP/TLS/RTP/SAVP");
    }

    /**
     * Chooses what to accept from a browser's offer: the first audio section over DTLS-SRTP with PCMU or PCMA,
     * as {@link AudioOfferAnswer#answer} chooses, plus the remote's ICE credentials and fingerprint. Our role:
     * DTLS server (a=setup:passive) when offered actpass or active, client when offered passive.
     */
    public static NegotiatedWebRtc answer(SessionDescription offer, Direction localDirection) throws SdpException {
        for (int i = 0; i < offer.media.size(); i++) {
            MediaDescription m = offer.media.get(i);
            if (!m.media.equals("audio") || m.port == 0 || !isSecureProto(m.proto)) {
                continue;
            }
            NegotiatedAudio audio = AudioOfferAnswer.negotiate(withAddress(offer, m), m, i, true, localDirection);
            if (audio == null) {
                continue;
            }
            DtlsSetup remote = DtlsSetup.parse(offer.setupOf(m));
            return secure(offer, m, audio, remote);
        }
        throw new SdpException("no audio stream offering PCMU or PCMA at 8000 Hz over " + PROTO);
    }

    /**
     * Reads a browser's answer to our offer (we wrote a=setup:actpass): we are the DTLS client when it answers
     * passive, the server when it answers active (RFC 5763 section 5). An answer of actpass is invalid.
     */
    public static NegotiatedWebRtc acceptAnswer(SessionDescription answer, Direction localDirection)
            throws SdpException {
        if (answer.media.isEmpty()) {
            throw new SdpException("answer has no m= section");
        }
        MediaDescription m = answer.media.get(0);
        if (!m.media.equals("audio") || m.port == 0) {
            throw new SdpException("answer rejected the audio stream");
        }
        if (!isSecureProto(m.proto)) {
            throw new SdpException("answer to a WebRTC offer uses " + m.proto + ", not " + PROTO);
        }
        NegotiatedAudio audio = AudioOfferAnswer.negotiate(withAddress(answer, m), m, 0, false, localDirection);
        if (audio == null) {
            throw new SdpException("answer selected neither PCMU nor PCMA");
        }
        DtlsSetup remote = DtlsSetup.parse(answer.setupOf(m));
        if (remote == DtlsSetup.ACTPASS) {
            throw new SdpException("a=setup:actpass in an answer (RFC 4145 section 4 allows it only in offers)");
        }
        return secure(answer, m, audio, remote);
    }

    private static NegotiatedWebRtc secure(SessionDescription sd, MediaDescription m, NegotiatedAudio audio,
            DtlsSetup remote) throws SdpException {
        if (!m.rtcpMux) {
            throw new SdpException("audio stream without a=rtcp-mux (RFC 8858: WebRTC endpoints mux RTCP)");
        }
        String ufrag = sd.iceUfragOf(m);
        String pwd = sd.icePwdOf(m);
        if (ufrag == null || pwd == null) {
            throw new SdpException("audio stream without a=ice-ufrag and a=ice-pwd (RFC 8839 section 5.4)");
        }
        String fingerprint = sd.fingerprintOf(m);
        if (fingerprint == null) {
            throw new SdpException("audio stream without a=fingerprint (RFC 5763 section 5: DTLS needs one)");
        }
        return new NegotiatedWebRtc(audio, ufrag, pwd, Fingerprint.parse(fingerprint), remote == DtlsSetup.PASSIVE,
                m.mid, remote);
    }

    /**
     * Browsers write c=IN IP4 0.0.0.0 before gathering candidates; for WebRTC that is not the RFC 2543 hold
     * address (ICE, not c=, says where media goes), so the audio keeps an address that is not the hold one.
     */
    private static SessionDescription withAddress(SessionDescription sd, MediaDescription m) {
        String address = sd.connectionAddressOf(m);
        if (address != null && !"0.0.0.0".equals(address) && !"::".equals(address)) {
            return sd;
        }
        return new Overridden(sd, m, firstCandidateAddress(m));
    }

    private static String firstCandidateAddress(MediaDescription m) {
        for (String c : m.candidates) {
            String[] f = c.split(" +");
            if (f.length >= 5) {
                return f[4];
            }
        }
        return "ice";
    }

    /** A view whose effective connection address for one section is the given one instead of a hold-like c=. */
    private static final class Overridden extends SessionDescription {
        private final MediaDescription section;
        private final String address;

        Overridden(SessionDescription sd, MediaDescription section, String address) {
            this.direction = sd.direction;
            this.connectionAddress = sd.connectionAddress;
            this.media.addAll(sd.media);
            this.section = section;
            this.address = address;
        }

        @Override
        public String connectionAddressOf(MediaDescription m) {
            return m == section ? address : super.connectionAddressOf(m);
        }
    }

    /**
     * Writes the answer to a browser's offer: ICE-lite at session level, BUNDLE with the audio's mid, the
     * accepted audio section with our host candidate on the public address, and every other section with
     * port 0 and its mid (RFC 8843 section 7.3.3: a rejected section leaves the bundle group).
     */
    public static String writeAnswer(SessionDescription offer, NegotiatedWebRtc chosen, LocalAudio local,
            LocalWebRtc ice) {
        int index = chosen.audio().mediaIndex();
        StringBuilder sb = sessionHeader(local, chosen.mid());
        for (int i = 0; i < offer.media.size(); i++) {
            MediaDescription m = offer.media.get(i);
            if (i != index) {
                sb.append("m=").append(m.media).append(" 0 ").append(m.proto).append(' ')
                        .append(String.join(" ", m.formats)).append(CRLF);
                sb.append("c=IN IP4 0.0.0.0").append(CRLF);
                if (m.mid != null) {
                    sb.append("a=mid:").append(m.mid).append(CRLF);
                }
                continue;
            }
            NegotiatedAudio audio = chosen.audio();
            int eventPt = audio.telephoneEventPayloadType();
            sb.append("m=audio ").append(local.rtpPort()).append(' ').append(m.proto).append(' ')
                    .append(audio.codecPayloadType());
            if (eventPt >= 0) {
                sb.append(' ').append(eventPt);
            }
            sb.append(CRLF);
            sb.append("c=IN ").append(addressType(local)).append(' ').append(local.address()).append(CRLF);
            AudioOfferAnswer.rtpmap(sb, audio.codecPayloadType(), audio.codec().encodingName());
            if (eventPt >= 0) {
                AudioOfferAnswer.telephoneEvent(sb, eventPt);
            }
            DtlsSetup setup = chosen.dtlsClient() ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE;
            secureAttributes(sb, chosen.mid(), audio.localDirection(), local, ice, setup);
        }
        return sb.toString();
    }

    /** Writes our offer to a browser: one audio section with PCMU, PCMA and telephone-event, a=setup:actpass. */
    public static String writeOffer(LocalAudio local, LocalWebRtc ice, Direction direction) {
        StringBuilder sb = sessionHeader(local, "0");
        int eventPt = local.telephoneEventPayloadType();
        sb.append("m=audio ").append(local.rtpPort()).append(' ').append(PROTO).append(" 0 8 ").append(eventPt)
                .append(CRLF);
        sb.append("c=IN ").append(addressType(local)).append(' ').append(local.address()).append(CRLF);
        AudioOfferAnswer.rtpmap(sb, 0, "PCMU");
        AudioOfferAnswer.rtpmap(sb, 8, "PCMA");
        AudioOfferAnswer.telephoneEvent(sb, eventPt);
        secureAttributes(sb, "0", direction, local, ice, DtlsSetup.ACTPASS);
        return sb.toString();
    }

    private static StringBuilder sessionHeader(LocalAudio local, String mid) {
        StringBuilder sb = new StringBuilder(1024);
        String at = addressType(local);
        sb.append("v=0").append(CRLF);
        sb.append("o=switchboard ").append(Long.toUnsignedString(local.sessionId())).append(' ')
                .append(Long.toUnsignedString(local.sessionVersion())).append(" IN ").append(at).append(' ')
                .append(local.address()).append(CRLF);
        sb.append("s=switchboard").append(CRLF);
        sb.append("t=0 0").append(CRLF);
        sb.append("a=ice-lite").append(CRLF); // RFC 8839 section 5.3: we answer checks, we never send them
        if (mid != null) {
            sb.append("a=group:BUNDLE ").append(mid).append(CRLF);
        }
        sb.append("a=msid-semantic: WMS switchboard").append(CRLF);
        return sb;
    }

    private static void secureAttributes(StringBuilder sb, String mid, Direction direction, LocalAudio local,
            LocalWebRtc ice, DtlsSetup setup) {
        sb.append("a=ptime:20").append(CRLF);
        if (mid != null) {
            sb.append("a=mid:").append(mid).append(CRLF);
        }
        sb.append("a=").append(direction.attribute()).append(CRLF);
        sb.append("a=rtcp-mux").append(CRLF);
        sb.append("a=ice-ufrag:").append(ice.iceUfrag()).append(CRLF);
        sb.append("a=ice-pwd:").append(ice.icePwd()).append(CRLF);
        sb.append("a=fingerprint:").append(ice.fingerprint().sdpValue()).append(CRLF);
        sb.append("a=setup:").append(setup.attribute()).append(CRLF);
        sb.append("a=msid:switchboard audio").append(CRLF);
        sb.append("a=ssrc:").append(ice.localSsrc()).append(" cname:switchboard").append(CRLF);
        // RFC 8445 section 5.1.2.1: host type preference 126, local preference 65535, component 1
        sb.append("a=candidate:1 1 udp 2130706431 ").append(local.address()).append(' ').append(local.rtpPort())
                .append(" typ host").append(CRLF);
        sb.append("a=end-of-candidates").append(CRLF);
    }

    private static String addressType(LocalAudio local) {
        return local.address().indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    /** The candidates' addresses the remote listed for the accepted section (for logs; ICE-lite needs none). */
    public static List<String> candidates(SessionDescription sd, NegotiatedWebRtc chosen) {
        return sd.media.get(chosen.audio().mediaIndex()).candidates();
    }
}

package io.switchboard.media.sdp;

import io.switchboard.media.codec.AudioCodec;
import java.util.List;
import java.util.Locale;

/**
 * Audio offer/answer (RFC 3264) for PCMU/PCMA with telephone-event (RFC 4733), ptime 20, the four
 * directions, and RTCP either muxed (RFC 5761) or on the next port (RFC 3605).
 */
public final class AudioOfferAnswer {
    private static final String CRLF = "\r\n";

    private AudioOfferAnswer() {
    }

    /**
     * Chooses what to accept from an offer: the first audio m= section over RTP/AVP with a non-zero port
     * that offers PCMU or PCMA at 8000 Hz, taking the first of those in the offerer's order
     * (RFC 3264 section 6.1) and the offerer's telephone-event payload type.
     *
     * @param localDirection the direction we want (sendrecv normally; what we write is also limited by
     *     what the offerer allows)
     */
    public static NegotiatedAudio answer(SessionDescription offer, Direction localDirection) throws SdpException {
        List<MediaDescription> media = offer.media;
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (!m.media.equals("audio") || m.port == 0 || !m.proto.equalsIgnoreCase("RTP/AVP")) {
                continue;
            }
            NegotiatedAudio n = negotiate(offer, m, i, true, localDirection);
            if (n != null) {
                return n;
            }
        }
        throw new SdpException("no audio stream offering PCMU or PCMA at 8000 Hz over RTP/AVP");
    }

    /** Reads the answer to our own offer (RFC 3264 section 7): the answerer's first codec is the one used. */
    public static NegotiatedAudio acceptAnswer(SessionDescription answer, Direction localDirection)
            throws SdpException {
        if (answer.media.isEmpty()) {
            throw new SdpException("answer has no m= section");
        }
        MediaDescription m = answer.media.get(0);
        if (!m.media.equals("audio") || m.port == 0) {
            throw new SdpException("answer rejected the audio stream");
        }
        NegotiatedAudio n = negotiate(answer, m, 0, false, localDirection);
        if (n == null) {
            throw new SdpException("answer selected neither PCMU nor PCMA");
        }
        return n;
    }

    static NegotiatedAudio negotiate(SessionDescription sd, MediaDescription m, int index, boolean isOffer,
            Direction wanted) throws SdpException {
        AudioCodec codec = null;
        int codecPt = -1;
        int eventPt = -1;
        for (String token : m.formats) {
            int pt;
            try {
                pt = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                continue;
            }
            String name = m.encodingName(pt);
            if (name == null || m.clockRate(pt) != 8000) {
                continue;
            }
            if (codec == null && AudioCodec.byName(name) != null) {
                codec = AudioCodec.byName(name);
                codecPt = pt;
            } else if (eventPt < 0 && name.equals("telephone-event")) {
                eventPt = pt;
            }
        }
        if (codec == null) {
            return null;
        }
        String address = sd.connectionAddressOf(m);
        if (address == null) {
            throw new SdpException("audio stream has no connection address (c=)");
        }
        Direction remote = sd.directionOf(m);
        Direction local = isOffer ? intersect(wanted, remote.answerTo()) : wanted;
        int rtcpPort = m.rtcpMux ? m.port : (m.rtcpPort > 0 ? m.rtcpPort : m.port + 1);
        return new NegotiatedAudio(index, codec, codecPt, eventPt, address, m.port, m.rtcpMux, rtcpPort, remote,
                local, m.ssrc);
    }

    /** The most we may do given what we want and what the offer permits (RFC 3264 section 6.1). */
    static Direction intersect(Direction wanted, Direction permitted) {
        boolean send = wanted.sends() && permitted.sends();
        boolean recv = wanted.receives() && permitted.receives();
        if (send && recv) {
            return Direction.SENDRECV;
        }
        return send ? Direction.SENDONLY : recv ? Direction.RECVONLY : Direction.INACTIVE;
    }

    /**
     * Writes the answer: one m= section per offered one (RFC 3264 section 6), the accepted one with our
     * port, the chosen codec and the offerer's telephone-event number, the others rejected with port 0.
     */
    public static String writeAnswer(SessionDescription offer, NegotiatedAudio chosen, LocalAudio local) {
        StringBuilder sb = header(local);
        for (int i = 0; i < offer.media.size(); i++) {
            MediaDescription m = offer.media.get(i);
            if (i != chosen.mediaIndex()) {
                sb.append("m=").append(m.media).append(" 0 ").append(m.proto).append(' ')
                        .append(String.join(" ", m.formats)).append(CRLF);
                continue;
            }
            int eventPt = chosen.telephoneEventPayloadType();
            sb.append("m=audio ").append(local.rtpPort()).append(" RTP/AVP ").append(chosen.codecPayloadType());
            if (eventPt >= 0) {
                sb.append(' ').append(eventPt);
            }
            sb.append(CRLF);
            rtpmap(sb, chosen.codecPayloadType(), chosen.codec().encodingName());
            if (eventPt >= 0) {
                telephoneEvent(sb, eventPt);
            }
            sb.append("a=ptime:20").append(CRLF);
            if (chosen.rtcpMux()) {
                sb.append("a=rtcp-mux").append(CRLF);
            } else {
                sb.append("a=rtcp:").append(local.rtpPort() + 1).append(CRLF);
            }
            sb.append("a=").append(chosen.localDirection().attribute()).append(CRLF);
        }
        return sb.toString();
    }

    /** Writes an offer of PCMU, PCMA and telephone-event with RTCP on the next port. */
    public static String writeOffer(LocalAudio local, Direction direction) {
        StringBuilder sb = header(local);
        int eventPt = local.telephoneEventPayloadType();
        sb.append("m=audio ").append(local.rtpPort()).append(" RTP/AVP 0 8 ").append(eventPt).append(CRLF);
        rtpmap(sb, 0, "PCMU");
        rtpmap(sb, 8, "PCMA");
        telephoneEvent(sb, eventPt);
        sb.append("a=ptime:20").append(CRLF);
        sb.append("a=rtcp:").append(local.rtpPort() + 1).append(CRLF);
        sb.append("a=").append(direction.attribute()).append(CRLF);
        return sb.toString();
    }

    static StringBuilder header(LocalAudio local) {
        StringBuilder sb = new StringBuilder(320);
        String at = local.addressType();
        sb.append("v=0").append(CRLF);
        sb.append("o=switchboard ").append(Long.toUnsignedString(local.sessionId())).append(' ')
                .append(Long.toUnsignedString(local.sessionVersion())).append(" IN ").append(at).append(' ')
                .append(local.address()).append(CRLF);
        sb.append("s=switchboard").append(CRLF);
        sb.append("c=IN ").append(at).append(' ').append(local.address()).append(CRLF);
        sb.append("t=0 0").append(CRLF);
        return sb;
    }

    static void rtpmap(StringBuilder sb, int pt, String name) {
        sb.append("a=rtpmap:").append(pt).append(' ').append(name.toUpperCase(Locale.ROOT)).append("/8000").append(CRLF);
    }

    static void telephoneEvent(StringBuilder sb, int pt) {
        sb.append("a=rtpmap:").append(pt).append(" telephone-event/8000").append(CRLF);
        sb.append("a=fmtp:").append(pt).append(" 0-16").append(CRLF); // RFC 4733 section 2.4.1: DTMF and flash
    }
}

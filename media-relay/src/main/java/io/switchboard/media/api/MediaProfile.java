package io.switchboard.media.api;

/**
 * The media profile of an endpoint the relay offers ({@link MediaRelay#offer(String, MediaProfile)}); an
 * endpoint created by {@link MediaRelay#answer} takes the profile of the offer it answers.
 */
public enum MediaProfile {
    /** Plain RTP/AVP with G.711 and telephone-event, RTCP on the next port: SIP trunks and desk phones. */
    RTP_AVP,
    /**
     * A browser: UDP/TLS/RTP/SAVPF with ICE-lite, DTLS-SRTP on one bundled audio section, RTCP muxed
     * (RFC 8829, RFC 8842, RFC 8843).
     */
    WEBRTC
}

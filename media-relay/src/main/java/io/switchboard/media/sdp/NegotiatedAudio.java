package io.switchboard.media.sdp;

import io.switchboard.media.codec.AudioCodec;

/**
 * The outcome of audio offer/answer for one endpoint.
 *
 * @param mediaIndex index of the accepted m= section in the offer
 * @param codec the law both sides use
 * @param codecPayloadType the payload type number for {@code codec} on this leg
 * @param telephoneEventPayloadType the remote's RFC 4733 payload type, or -1 when not negotiated
 * @param remoteAddress the remote's connection address (may be 0.0.0.0 for legacy hold)
 * @param remotePort the remote's RTP port
 * @param rtcpMux true when RTP and RTCP share the port (RFC 5761)
 * @param remoteRtcpPort the remote's RTCP port (RFC 3605 a=rtcp, else RTP port + 1; RTP port when muxed)
 * @param remoteDirection the direction the remote wrote
 * @param localDirection the direction we write
 * @param remoteSsrc the remote's a=ssrc, or -1
 */
public record NegotiatedAudio(int mediaIndex, AudioCodec codec, int codecPayloadType, int telephoneEventPayloadType,
        String remoteAddress, int remotePort, boolean rtcpMux, int remoteRtcpPort, Direction remoteDirection,
        Direction localDirection, long remoteSsrc) {

    /**
     * True when the call is on hold in either direction: a direction other than sendrecv, or the legacy
     * c=0.0.0.0 hold of RFC 2543 (RFC 3264 section 8.4). Held calls use the longer media timeout.
     */
    public boolean held() {
        return remoteDirection != Direction.SENDRECV || localDirection != Direction.SENDRECV || nullAddress();
    }

    /** True for the RFC 2543 hold address, to which nothing may be sent. */
    public boolean nullAddress() {
        return "0.0.0.0".equals(remoteAddress) || "::".equals(remoteAddress);
    }
}

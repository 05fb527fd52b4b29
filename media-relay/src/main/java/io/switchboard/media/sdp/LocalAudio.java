package io.switchboard.media.sdp;

/**
 * What we write about our own side of an audio stream.
 *
 * @param address the public address written into c= and o=
 * @param rtpPort our RTP port
 * @param sessionId the o= session id, fixed for the endpoint's lifetime
 * @param sessionVersion the o= version, incremented for each new description (RFC 3264 section 8)
 * @param telephoneEventPayloadType the RFC 4733 payload type we offer (101 by convention)
 */
public record LocalAudio(String address, int rtpPort, long sessionId, long sessionVersion,
        int telephoneEventPayloadType) {

    String addressType() {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}

package io.switchboard.media.sdp;

/**
 * The outcome of WebRTC offer/answer: the audio as plain offer/answer sees it, and what the secure transport
 * needs of the remote side.
 *
 * @param audio the negotiated audio (RTCP always muxed)
 * @param remoteUfrag the remote's ice-ufrag
 * @param remotePwd the remote's ice-pwd
 * @param remoteFingerprint the certificate fingerprint the remote's DTLS certificate must match
 * @param dtlsClient true when we take the DTLS client role (the remote wrote a=setup:passive)
 * @param mid the accepted section's a=mid, or null when the remote wrote none
 */
public record NegotiatedWebRtc(NegotiatedAudio audio, String remoteUfrag, String remotePwd,
        Fingerprint remoteFingerprint, boolean dtlsClient, String mid) {

    /** True when {@code other} carries different ICE credentials: the remote restarted ICE (RFC 8445 section 9). */
    public boolean iceRestartedFrom(NegotiatedWebRtc other) {
        return other == null || !remoteUfrag.equals(other.remoteUfrag) || !remotePwd.equals(other.remotePwd);
    }
}

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
 * @param remoteSetup what the remote wrote in a=setup
 */
public record NegotiatedWebRtc(NegotiatedAudio audio, String remoteUfrag, String remotePwd,
        Fingerprint remoteFingerprint, boolean dtlsClient, String mid, DtlsSetup remoteSetup) {

    /** A description whose a=setup is the one our role answers (passive to our client, active to our server). */
    public NegotiatedWebRtc(NegotiatedAudio audio, String remoteUfrag, String remotePwd,
            Fingerprint remoteFingerprint, boolean dtlsClient, String mid) {
        this(audio, remoteUfrag, remotePwd, remoteFingerprint, dtlsClient, mid,
                dtlsClient ? DtlsSetup.PASSIVE : DtlsSetup.ACTIVE);
    }

    /** True when {@code other} carries different ICE credentials: the remote restarted ICE (RFC 8445 section 9). */
    public boolean iceRestartedFrom(NegotiatedWebRtc other) {
        return other == null || !remoteUfrag.equals(other.remoteUfrag) || !remotePwd.equals(other.remotePwd);
    }

    /**
     * This re-offer as applied over {@code current}: a=setup:actpass leaves our DTLS role as it is (RFC 8842
     * section 5: the roles stay unless a new association is wanted); active or passive sets it, and a role
     * other than the current one means a new association.
     */
    public NegotiatedWebRtc reofferedOver(NegotiatedWebRtc current) {
        if (current == null || remoteSetup != DtlsSetup.ACTPASS || current.dtlsClient == dtlsClient) {
            return this;
        }
        return new NegotiatedWebRtc(audio, remoteUfrag, remotePwd, remoteFingerprint, current.dtlsClient, mid,
                remoteSetup);
    }
}

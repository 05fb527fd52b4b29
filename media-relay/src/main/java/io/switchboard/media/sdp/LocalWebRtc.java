package io.switchboard.media.sdp;

/**
 * What we write about our own side of a WebRTC audio stream beyond {@link LocalAudio}: our ICE-lite credentials
 * (RFC 8839 section 5.4), our certificate's fingerprint (RFC 8122) and our DTLS role.
 *
 * @param iceUfrag our ice-ufrag (at least 4 characters)
 * @param icePwd our ice-pwd (at least 22 characters)
 * @param fingerprint the fingerprint of our DTLS certificate
 * @param setup what we write in a=setup
 * @param localSsrc the SSRC we send, announced with a=ssrc so the browser can tie it to the track
 */
public record LocalWebRtc(String iceUfrag, String icePwd, Fingerprint fingerprint, DtlsSetup setup, long localSsrc) {
}

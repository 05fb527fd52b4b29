package io.switchboard.media.api;

/** Why a WebRTC endpoint's secure transport ended its media (see {@link MediaEventListener#onTransportFailed}). */
public enum TransportFailure {
    /** No valid ICE check from the browser for 30 s (RFC 7675 consent), or none ever came. */
    CONSENT_EXPIRED,
    /** The peer's DTLS certificate does not match the a=fingerprint of its SDP, or it sent none. */
    FINGERPRINT_MISMATCH,
    /** The DTLS handshake did not complete in time, retransmissions included. */
    DTLS_TIMEOUT,
    /** The DTLS handshake failed (a fatal alert, no common SRTP profile). */
    DTLS_FAILED,
    /** The peer closed the DTLS association. */
    DTLS_CLOSED
}

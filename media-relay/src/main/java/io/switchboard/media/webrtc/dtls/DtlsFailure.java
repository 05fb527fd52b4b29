package io.switchboard.media.webrtc.dtls;

/** Why a DTLS handshake ended without keys. */
public enum DtlsFailure {
    /** The peer's certificate does not match the fingerprint in its SDP, or it sent none. */
    FINGERPRINT_MISMATCH,
    /** No completed handshake within the timeout, retransmissions included. */
    TIMEOUT,
    /** Any other fatal alert or protocol error, or no common SRTP profile. */
    FAILED,
    /** The peer closed the association (close_notify) after it was up. */
    CLOSED
}

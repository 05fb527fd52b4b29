package io.switchboard.media.webrtc.ice;

/**
 * What an ICE-lite agent reads of a STUN message (RFC 8489, RFC 8445 section 7.1.2).
 *
 * @param type the message type (class and method)
 * @param transactionId the 96-bit transaction id
 * @param username the USERNAME value, or null
 * @param integrityAt the offset of MESSAGE-INTEGRITY in the message, or -1 without one
 * @param fingerprinted true when a FINGERPRINT was present (and matched: a mismatch is never decoded)
 * @param useCandidate the controlling agent nominates this pair (USE-CANDIDATE, RFC 8445 section 7.1.2)
 * @param hasPriority PRIORITY was present (RFC 8445 section 7.1.1 requires it)
 * @param controlling ICE-CONTROLLING was present
 */
public record StunCheck(int type, byte[] transactionId, String username, int integrityAt, boolean fingerprinted,
        boolean useCandidate, boolean hasPriority, boolean controlling) {

    public boolean isBindingRequest() {
        return type == StunCodec.BINDING_REQUEST;
    }

    public boolean isBindingIndication() {
        return type == StunCodec.BINDING_INDICATION;
    }
}

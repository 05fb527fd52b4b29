package io.switchboard.media.sdp;

/**
 * An SDP that cannot be parsed or has nothing we can accept; the signalling layer answers 488 Not Acceptable
 * Here (RFC 3261 section 13.3.1.1) or 400 for unparsable bodies.
 */
public final class SdpException extends Exception {
    public SdpException(String message) {
        super(message);
    }
}

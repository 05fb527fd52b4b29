package io.switchboard.sip.api;

/** The edge could not start: a port in use, an unreadable certificate; the message says which. */
public final class SipEdgeStartException extends RuntimeException {
    public SipEdgeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

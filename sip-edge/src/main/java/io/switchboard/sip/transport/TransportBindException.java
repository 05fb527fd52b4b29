package io.switchboard.sip.transport;

/** A listener could not bind; the message names the transport and port. */
public final class TransportBindException extends RuntimeException {
    public TransportBindException(String message, Throwable cause) {
        super(message, cause);
    }
}

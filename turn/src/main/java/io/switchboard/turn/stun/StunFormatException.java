package io.switchboard.turn.stun;

/** A datagram or stream frame that is not a well-formed STUN message; its message says why. */
public final class StunFormatException extends Exception {
    public StunFormatException(String message) {
        super(message);
    }

    public StunFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

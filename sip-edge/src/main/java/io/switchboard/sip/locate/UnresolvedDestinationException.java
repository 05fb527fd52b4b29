package io.switchboard.sip.locate;

/**
 * A destination that gave no target: its name has no usable records (the call gets 503, as for a fatal transport
 * error in RFC 3261 section 8.1.3.1), or the name servers did not answer in time (408).
 */
public final class UnresolvedDestinationException extends RuntimeException {
    private final boolean timedOut;

    public UnresolvedDestinationException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** The SIP status a call gets for it. */
    public int statusCode() {
        return timedOut ? 408 : 503;
    }

    public String reasonPhrase() {
        return timedOut ? "DNS Timeout" : "Destination Not Found";
    }
}

package io.switchboard.sip.locate;

/** A lookup that failed for want of an answer (timeout, no server reachable), not because the name has no records. */
public final class DnsLookupException extends RuntimeException {

    public DnsLookupException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

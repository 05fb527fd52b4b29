package io.switchboard.sip.transport;

import java.net.InetAddress;

/**
 * Whether a message the parser refused gets its verdict (400, 505 or 513) or nothing: asked on the I/O thread
 * that read the message, for every refused request with a usable Via, so an implementation reads only state
 * safe to share and allocates nothing.
 */
@FunctionalInterface
public interface MalformedAnswering {
    /** Answers every source, as RFC 3261 section 8.2 would alone. */
    MalformedAnswering EVERY_SOURCE = source -> true;

    boolean answers(InetAddress source);
}

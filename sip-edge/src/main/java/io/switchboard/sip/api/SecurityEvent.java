package io.switchboard.sip.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing a careful operator wants to know about, in the manner of Asterisk's security log: a request from a
 * source no trunk accepts, a failed or replayed digest authentication, a probe for an unknown user, a scanner,
 * a ban of a source or of a user name, a malformed request, a call to a destination nothing here serves.
 *
 * @param time      when the edge saw it
 * @param type      what happened
 * @param source    the peer's IP address as text
 * @param port      the peer's port
 * @param transport "udp", "tcp" or "tls"
 * @param method    the request's method, or null (a ban)
 * @param callId    the request's Call-ID, or null
 * @param user      the digest user name given, or null
 * @param detail    why, in words (the failure reason, the scanner's User-Agent, the ban's length), or null
 */
public record SecurityEvent(Instant time, Type type, String source, int port, String transport, String method,
                            String callId, String user, String detail) {

    /** What happened; {@link #wireName()} is the name in the event stream, the log and the metric label. */
    public enum Type {
        /** A request from a source outside every trunk's networks, dropped (or answered 403 when asked). */
        REFUSED_SOURCE,
        /** Digest credentials that did not verify for a known user. */
        AUTH_FAILED,
        /** Digest credentials naming a user we do not have (answered exactly as a wrong password). */
        UNKNOWN_USER,
        /** Digest credentials whose nonce-count was already used: a captured header sent again. */
        AUTH_REPLAYED,
        /** A request whose User-Agent names a SIP scanning tool. */
        SCANNER,
        /** A source banned after repeated offences; everything from it is dropped for a while. */
        BANNED,
        /**
         * A user name banned after repeated failed authentications from any addresses; the source is the one of
         * the last failure. Until the ban is lifted, even right credentials for the user are refused.
         */
        USER_BANNED,
        /** A request the parser refused (answered 400, 505 or 513 when it has a usable Via, else dropped). */
        MALFORMED,
        /**
         * A fraud-looking call: an INVITE a trunk accepted (its network, its digest) for a number that no phone
         * number of the instance serves, answered 404. Toll fraud through a trusted or stolen trunk looks like
         * this: calls to numbers abroad, hoping the server routes them out.
         */
        UNAUTHORISED_DESTINATION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SecurityEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }
}

package io.switchboard.sip.api;

import java.time.Duration;

/**
 * Defensive limits.
 *
 * @param maxMessageBytes         largest datagram or stream message accepted
 * @param maxHeaderBytes          largest header block on a stream before the connection is closed
 * @param maxBodyBytes            largest body (SDP) accepted
 * @param maxHeaders              most header lines in one message; more is answered 400
 * @param maxServerTransactions   server transactions alive at once; more is answered 503
 * @param sourceRequestsPerSecond sustained requests per second from one address outside every trunk network
 * @param sourceBurst             requests such an address may send at once before the rate applies
 * @param authFailuresToBan       failed digest authentications from one address that ban it
 * @param banDuration             how long a ban lasts (everything from the address is dropped)
 * @param maxConnectionsPerSource TCP/TLS connections one address may hold open; more are closed at once
 * @param maxCallDuration         answered calls are ended with BYE after this long (zero: never); a safety net
 *                                for calls whose BYE was lost and whose peer does not use session timers
 * @param connectionIdleTimeout   an accepted TCP/TLS connection without traffic this long, and with no
 *                                transaction or dialog on it, is closed (zero: never)
 * @param firstRequestTimeout     an accepted TCP/TLS connection that has not carried a well-formed request this
 *                                long after it opened (TLS handshake included) is closed (zero: never); the
 *                                AST-2016-005 defence against connections opened only to hold descriptors
 * @param maxConnections          accepted TCP/TLS connections open at once from all addresses together; more are
 *                                closed at once, so a few hundred addresses cannot use up the file descriptors
 * @param coreBacklogToShed       messages waiting for the SIP core loop beyond which a request that starts new work
 *                                is answered 503 with Retry-After at once, without reaching the core (zero: never)
 * @param shedRetryAfter          the Retry-After of such a 503 (whole seconds)
 * @param userAuthFailuresToBan   failed digest authentications for one user name, from any addresses, that ban the
 *                                user: while banned, even right credentials get the wrong-password answer
 * @param userBanDuration         how long a user ban lasts
 */
public record SipLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                        int maxServerTransactions, double sourceRequestsPerSecond, double sourceBurst,
                        int authFailuresToBan, Duration banDuration, int maxConnectionsPerSource,
                        Duration maxCallDuration, Duration connectionIdleTimeout, Duration firstRequestTimeout,
                        int maxConnections, int coreBacklogToShed, Duration shedRetryAfter,
                        int userAuthFailuresToBan, Duration userBanDuration) {
    public SipLimits {
        if (maxMessageBytes < 512 || maxHeaderBytes < 256 || maxBodyBytes < 0 || maxHeaders < 10
                || maxServerTransactions < 1 || sourceRequestsPerSecond <= 0 || sourceBurst < 1
                || authFailuresToBan < 1 || banDuration.isNegative() || maxConnectionsPerSource < 1
                || maxCallDuration.isNegative() || connectionIdleTimeout.isNegative()
                || firstRequestTimeout.isNegative() || maxConnections < maxConnectionsPerSource
                || coreBacklogToShed < 0 || shedRetryAfter.isNegative() || userAuthFailuresToBan < 1
                || userBanDuration.isNegative()) {
            throw new IllegalArgumentException("SIP limits out of range: " + maxMessageBytes + "/" + maxHeaderBytes
                    + "/" + maxBodyBytes + "/" + maxHeaders + "/" + maxServerTransactions + "/"
                    + sourceRequestsPerSecond + "/" + sourceBurst + "/" + authFailuresToBan + "/" + banDuration);
        }
    }

    /**
     * 64 KiB messages, 16 KiB headers, 32 KiB bodies, 100 header lines, 300,000 transactions (Timers J and L
     * keep each UDP transaction 32 s: 2,500 calls/s with INVITE and BYE is 160,000 alive), 50 requests/s
     * (burst 100) per untrusted address, a 10-minute ban after 5 failed authentications, 100 connections per
     * address, calls ended after 4 hours, idle connections closed after 5 minutes, connections without a request
     * closed after 10 s, 10,000 connections in all (well under a service's usual descriptor limit, with room for
     * RTP sockets), new requests shed with a 503 (Retry-After 5 s) once 20,000 messages wait for the core loop
     * (about half a second of its work at full load), a user banned for 10 minutes after 10 failed authentications. With the rate limit, an untrusted address can keep at most about 1,700 transactions alive.
     */
    public static SipLimits defaults() {
        return new SipLimits(65_507, 16_384, 32_768, 100, 300_000, 50, 100, 5, Duration.ofMinutes(10), 100,
                Duration.ofHours(4), Duration.ofMinutes(5), Duration.ofSeconds(10), 10_000, 20_000, Duration.ofSeconds(5), 10,
                Duration.ofMinutes(10));
    }

    public SipLimits withSourceRate(double perSecond, double burst) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                perSecond, burst, authFailuresToBan, banDuration, maxConnectionsPerSource, maxCallDuration,
                connectionIdleTimeout, firstRequestTimeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withMaxConnectionsPerSource(int max) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, max, maxCallDuration,
                connectionIdleTimeout, firstRequestTimeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withMaxCallDuration(Duration max) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource, max,
                connectionIdleTimeout, firstRequestTimeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withAuthBan(int failures, Duration ban) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, failures, ban, maxConnectionsPerSource, maxCallDuration,
                connectionIdleTimeout, firstRequestTimeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withConnectionIdleTimeout(Duration idle) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource,
                maxCallDuration, idle, firstRequestTimeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withFirstRequestTimeout(Duration timeout) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource,
                maxCallDuration, connectionIdleTimeout, timeout, maxConnections, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withMaxConnections(int max) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource,
                maxCallDuration, connectionIdleTimeout, firstRequestTimeout, max, coreBacklogToShed, shedRetryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    /** Sheds new requests with 503 once {@code backlog} messages wait for the core loop (0: never). */
    public SipLimits withLoadShedding(int backlog, Duration retryAfter) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource,
                maxCallDuration, connectionIdleTimeout, firstRequestTimeout, maxConnections, backlog, retryAfter,
                userAuthFailuresToBan, userBanDuration);
    }

    public SipLimits withUserBan(int failures, Duration ban) {
        return new SipLimits(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxServerTransactions,
                sourceRequestsPerSecond, sourceBurst, authFailuresToBan, banDuration, maxConnectionsPerSource,
                maxCallDuration, connectionIdleTimeout, firstRequestTimeout, maxConnections, coreBacklogToShed,
                shedRetryAfter, failures, ban);
    }
}

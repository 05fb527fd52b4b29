package io.switchboard.sip.transport;

/**
 * Size limits applied before parsing, the same on every transport. A datagram over {@code maxMessageBytes} is
 * dropped; a header block over {@code maxHeaderBytes} is dropped (a stream is closed, since it can no longer be
 * framed safely); a request body over {@code maxBodyBytes} is answered 513 (a stream is then closed). An
 * accepted connection silent for {@code idleTimeoutMillis} with nothing in use on it is closed (0: never), and so
 * is one that has carried no well-formed request {@code firstRequestMillis} after it opened (0: never). At most
 * {@code maxConnections} accepted connections are open at once, {@code maxConnectionsPerSource} from one address.
 * While more than {@code coreBacklogToShed} messages wait for the core loop (0: never), requests that start new
 * work are answered 503 with a Retry-After of {@code shedRetryAfterSeconds}.
 */
public record TransportLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                              int maxConnectionsPerSource, long idleTimeoutMillis, long firstRequestMillis,
                              int maxConnections, int coreBacklogToShed, int shedRetryAfterSeconds) {
    public TransportLimits {
        if (maxMessageBytes < 512 || maxHeaderBytes < 256 || maxBodyBytes < 0 || maxHeaders < 10
                || maxConnectionsPerSource < 1 || idleTimeoutMillis < 0 || firstRequestMillis < 0
                || maxConnections < maxConnectionsPerSource || coreBacklogToShed < 0 || shedRetryAfterSeconds < 0) {
            throw new IllegalArgumentException("transport limits too small: " + maxMessageBytes + "/"
                    + maxHeaderBytes + "/" + maxBodyBytes + "/" + maxHeaders);
        }
    }

    /** The limits without load shedding. */
    public TransportLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                           int maxConnectionsPerSource, long idleTimeoutMillis, long firstRequestMillis,
                           int maxConnections) {
        this(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxConnectionsPerSource, idleTimeoutMillis,
                firstRequestMillis, maxConnections, 0, 0);
    }

    /** The limits with a request due within 10 s, 10,000 connections in all and no load shedding. */
    public TransportLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                           int maxConnectionsPerSource, long idleTimeoutMillis) {
        this(maxMessageBytes, maxHeaderBytes, maxBodyBytes, maxHeaders, maxConnectionsPerSource, idleTimeoutMillis,
                10_000, 10_000);
    }

    /**
     * 64 KiB messages (the UDP maximum), 16 KiB of headers, 32 KiB bodies, 100 header lines, 100 connections per
     * address, idle connections closed after 5 minutes, a first request due within 10 s, 10,000 connections, new
     * requests shed once 20,000 messages wait for the core loop (Retry-After 5 s).
     */
    public static TransportLimits defaults() {
        return new TransportLimits(65_507, 16_384, 32_768, 100, 100, 300_000, 10_000, 10_000, 20_000, 5);
    }
}

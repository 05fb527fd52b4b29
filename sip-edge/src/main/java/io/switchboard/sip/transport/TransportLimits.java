package io.switchboard.sip.transport;

/**
 * Size limits applied before parsing, the same on every transport. A datagram over {@code maxMessageBytes} is
 * dropped; a header block over {@code maxHeaderBytes} is dropped (a stream is closed, since it can no longer be
 * framed safely); a request body over {@code maxBodyBytes} is answered 513 (a stream is then closed). An
 * accepted connection silent for {@code idleTimeoutMillis} with nothing in use on it is closed (0: never).
 */
public record TransportLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                              int maxConnectionsPerSource, long idleTimeoutMillis) {
    public TransportLimits {
        if (maxMessageBytes < 512 || maxHeaderBytes < 256 || maxBodyBytes < 0 || maxHeaders < 10
                || maxConnectionsPerSource < 1 || idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("transport limits too small: " + maxMessageBytes + "/"
                    + maxHeaderBytes + "/" + maxBodyBytes + "/" + maxHeaders);
        }
    }

    /**
     * 64 KiB messages (the UDP maximum), 16 KiB of headers, 32 KiB bodies, 100 header lines, 100 connections,
     * idle connections closed after 5 minutes.
     */
    public static TransportLimits defaults() {
        return new TransportLimits(65_507, 16_384, 32_768, 100, 100, 300_000);
    }
}

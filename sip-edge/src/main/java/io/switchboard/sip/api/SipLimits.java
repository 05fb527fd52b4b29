package io.switchboard.sip.api;

/**
 * Defensive limits.
 *
 * @param maxMessageBytes        largest datagram or stream message accepted
 * @param maxHeaderBytes         largest header block on a stream before the connection is closed
 * @param maxBodyBytes           largest body (SDP) accepted
 * @param maxHeaders             most header lines in one message; more is answered 400
 * @param maxServerTransactions  server transactions alive at once; more is answered 503
 */
public record SipLimits(int maxMessageBytes, int maxHeaderBytes, int maxBodyBytes, int maxHeaders,
                        int maxServerTransactions) {
    public SipLimits {
        if (maxMessageBytes < 512 || maxHeaderBytes < 256 || maxBodyBytes < 0 || maxHeaders < 10
                || maxServerTransactions < 1) {
            throw new IllegalArgumentException("SIP limits too small: " + this);
        }
    }

    public static SipLimits defaults() {
        return new SipLimits(65_507, 16_384, 32_768, 100, 100_000);
    }
}

package io.switchboard.config.model;

/** SIP transport of a trunk destination. */
public enum SipTransport {
    UDP(5060), TCP(5060), TLS(5061);

    private final int defaultPort;

    SipTransport(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** RFC 3263 default port when a destination names none. */
    public int defaultPort() {
        return defaultPort;
    }
}

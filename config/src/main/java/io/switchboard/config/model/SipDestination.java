package io.switchboard.config.model;

import io.switchboard.config.bind.Default;

/** One next hop of a trunk; without a port the transport's default (5060, or 5061 for TLS) applies. */
public record SipDestination(HostPort address, @Default("udp") SipTransport transport) {

    public int port() {
        return address.portOr(transport.defaultPort());
    }
}

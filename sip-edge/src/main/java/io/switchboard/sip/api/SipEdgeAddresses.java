package io.switchboard.sip.api;

import java.net.InetSocketAddress;

/** The addresses the edge actually listens on (ephemeral ports resolved); {@code tls} is null without TLS. */
public record SipEdgeAddresses(InetSocketAddress udp, InetSocketAddress tcp, InetSocketAddress tls) {
}

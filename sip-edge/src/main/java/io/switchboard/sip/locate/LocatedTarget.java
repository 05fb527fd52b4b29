package io.switchboard.sip.locate;

import io.switchboard.sip.transport.SipTarget;

/**
 * One target to try for a call through a trunk.
 *
 * @param target      where the INVITE goes (an IP address, port and transport)
 * @param destination the index of the configured destination it came from (whose keepalive state it shares)
 * @param uriHostPort the host (and port) the Request-URI and To name: the configured name, not its address
 */
public record LocatedTarget(SipTarget target, int destination, String uriHostPort) {
}

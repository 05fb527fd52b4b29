package io.switchboard.sip.transport;

import java.net.InetSocketAddress;

/**
 * The path a message arrived on (a UDP socket and a peer address, or one TCP/TLS connection), so that
 * responses and in-dialog requests can go back the same way (RFC 3261 section 18.2.2, RFC 3581).
 */
public interface SipFlow {
    TransportKind kind();

    /** The peer's address as seen on the socket (the source of the datagram or connection). */
    InetSocketAddress remote();

    /** False once a connection has closed; a UDP flow is always open while the edge runs. */
    boolean isOpen();

    /** Writes one encoded message on this flow; never throws on a closed flow (the write is counted lost). */
    void send(byte[] encoded);
}

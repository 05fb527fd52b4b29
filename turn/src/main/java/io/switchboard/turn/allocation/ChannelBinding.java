package io.switchboard.turn.allocation;

import java.net.InetSocketAddress;

/** A channel number bound to one IPv4 peer transport address (RFC 8656 section 12), with its expiry. */
public final class ChannelBinding {

    private final int number;
    private final InetSocketAddress peer;
    private final int peerIp;
    private final int peerPort;
    private long expiresAt;

    ChannelBinding(int number, InetSocketAddress peer, int peerIp, long expiresAt) {
        this.number = number;
        this.peer = peer;
        this.peerIp = peerIp;
        this.peerPort = peer.getPort();
        this.expiresAt = expiresAt;
    }

    public int number() {
        return number;
    }

    /** The peer, one address object for the binding's life: the relay sends to it without allocating. */
    public InetSocketAddress peer() {
        return peer;
    }

    public int peerIp() {
        return peerIp;
    }

    public int peerPort() {
        return peerPort;
    }

    public long expiresAt() {
        return expiresAt;
    }

    void refresh(long expiresAt) {
        this.expiresAt = expiresAt;
    }

    boolean matches(int ip, int port) {
        return peerIp == ip && peerPort == port;
    }
}

package io.switchboard.turn.allocation;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** An allocation's relayed transport address: the UDP socket that talks to peers. */
public interface RelayEndpoint {

    /** Sends a datagram to {@code peer}; takes ownership of {@code payload}. */
    void sendToPeer(ByteBuf payload, InetSocketAddress peer);

    /** Closes the socket; the port goes back to the allocator once it is closed. */
    void close();
}

package io.switchboard.turn.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/** The way back to an allocation's client: a UDP address on a listener, or a TCP or TLS connection. */
public interface ClientPath {

    /** Sends one message to the client; takes ownership of {@code message}. */
    void send(ByteBuf message);

    /** True on TCP and TLS, where ChannelData is padded to four bytes (RFC 8656 section 12.5). */
    boolean stream();

    /** The allocator of the connection or listener, for messages to the client. */
    ByteBufAllocator alloc();

    /** The client's address as the server sees it (XOR-MAPPED-ADDRESS). */
    InetSocketAddress client();
}

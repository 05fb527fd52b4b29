package io.switchboard.turn.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.switchboard.turn.allocation.ClientPath;
import java.net.InetSocketAddress;

/** A TCP or TLS client: its connection, which is also its allocation's 5-tuple key. */
record StreamClientPath(Channel connection) implements ClientPath {

    @Override
    public void send(ByteBuf message) {
        connection.writeAndFlush(message, connection.voidPromise());
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public ByteBufAllocator alloc() {
        return connection.alloc();
    }

    @Override
    public InetSocketAddress client() {
        return (InetSocketAddress) connection.remoteAddress();
    }
}

package io.switchboard.turn.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.turn.allocation.ClientPath;
import java.net.InetSocketAddress;

/** A UDP client: its address, reached through the listener it wrote to. */
record UdpClientPath(Channel listener, InetSocketAddress client) implements ClientPath {

    @Override
    public void send(ByteBuf message) {
        listener.writeAndFlush(new DatagramPacket(message, client), listener.voidPromise());
    }

    @Override
    public boolean stream() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return listener.alloc();
    }
}

package io.switchboard.turn.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.turn.allocation.ClientPath;
import java.net.InetSocketAddress;

/** A UDP client: its address, reached through the listener it wrote to, flushed once per loop pass. */
record UdpClientPath(BatchedFlush listener, InetSocketAddress client) implements ClientPath {

    @Override
    public void send(ByteBuf message) {
        listener.write(new DatagramPacket(message, client));
    }

    @Override
    public boolean stream() {
        return false;
    }

    @Override
    public ByteBufAllocator alloc() {
        return listener.channel().alloc();
    }
}

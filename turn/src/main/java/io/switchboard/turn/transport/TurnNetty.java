package io.switchboard.turn.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Netty's native epoll transport when it loads on this machine, NIO otherwise. */
record TurnNetty(IoHandlerFactory ioHandlerFactory, Class<? extends DatagramChannel> datagramChannel,
                 Class<? extends ServerSocketChannel> serverChannel, boolean epoll) {

    static TurnNetty select() {
        if (Epoll.isAvailable()) {
            return new TurnNetty(EpollIoHandler.newFactory(), EpollDatagramChannel.class,
                    EpollServerSocketChannel.class, true);
        }
        return new TurnNetty(NioIoHandler.newFactory(), NioDatagramChannel.class, NioServerSocketChannel.class,
                false);
    }
}

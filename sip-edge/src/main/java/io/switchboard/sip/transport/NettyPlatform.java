package io.switchboard.sip.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks Netty's native epoll transport when it loads on this machine, NIO otherwise. */
public record NettyPlatform(IoHandlerFactory ioHandlerFactory,
                            Class<? extends DatagramChannel> datagramChannel,
                            Class<? extends ServerSocketChannel> serverChannel,
                            Class<? extends SocketChannel> socketChannel,
                            boolean epoll) {

    public static NettyPlatform select(boolean preferEpoll) {
        if (preferEpoll && Epoll.isAvailable()) {
            return new NettyPlatform(EpollIoHandler.newFactory(), EpollDatagramChannel.class,
                    EpollServerSocketChannel.class, EpollSocketChannel.class, true);
        }
        return new NettyPlatform(NioIoHandler.newFactory(), NioDatagramChannel.class,
                NioServerSocketChannel.class, NioSocketChannel.class, false);
    }
}

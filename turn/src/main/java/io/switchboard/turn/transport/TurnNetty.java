package io.switchboard.turn.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Netty's native epoll transport when it loads on this machine, NIO otherwise. */
record TurnNetty(IoHandlerFactory ioHandlerFactory, Class<? extends ServerSocketChannel> serverChannel,
                 boolean epoll) {

    static TurnNetty select() {
        if (Epoll.isAvailable()) {
            return new TurnNetty(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, true);
        }
        return new TurnNetty(NioIoHandler.newFactory(), NioServerSocketChannel.class, false);
    }

    /**
     * UDP sockets of the family of {@code bind}: an IPv4 address gets an IPv4 socket, which spares every
     * datagram the kernel's IPv6 path for mapped addresses and the mapped sender address on each read.
     */
    ChannelFactory<DatagramChannel> datagramChannel(InetAddress bind) {
        SocketProtocolFamily family = bind instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        return epoll ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }
}

package io.switchboard.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The HTTP listener for health, metrics and (later) the control API and agent pages. */
public final class HttpServer implements AutoCloseable {
    /** Largest request line (414 beyond). */
    static final int MAX_INITIAL_LINE = 8192;
    /** Largest header block (431 beyond). */
    static final int MAX_HEADER_SIZE = 16384;
    /** Largest request body (413 beyond): the control API takes small JSON documents only. */
    static final int MAX_CONTENT = 1024 * 1024;
    /** Idle connections are closed so that slow or half-open clients cannot pile up. */
    static final int READ_TIMEOUT_SECONDS = 60;

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds and starts serving {@code routes}; throws {@link java.net.BindException} (possibly wrapped by
     * Netty's native layer as an IOException) when the address is in use.
     */
    public static HttpServer start(InetSocketAddress address, HttpRoutes routes) throws Exception {
        EventLoopGroup group = EventLoops.group("http", 1);
        HttpRequestHandler handler = new HttpRequestHandler(routes);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                                    .addLast(new HttpServerExpectContinueHandler())
                                    .addLast(new HttpObjectAggregator(MAX_CONTENT, true))
                                    .addLast(handler);
                        }
                    })
                    .bind(address).sync().channel();
            return new HttpServer(group, channel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

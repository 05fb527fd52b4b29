package io.switchboard.control.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP/1.1 listener of the control surface: health, metrics, the API, the pages and WebSocket upgrades. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("http");

    /** Largest request line (414 beyond). */
    public static final int MAX_INITIAL_LINE = 8192;
    /** Largest header block (431 beyond). */
    public static final int MAX_HEADER_SIZE = 16384;
    /** Largest request body (413 beyond): the control API takes small JSON documents only. */
    public static final int MAX_CONTENT = 1024 * 1024;
    /** Idle connections are closed so that slow or half-open clients cannot pile up. */
    static final int READ_TIMEOUT_SECONDS = 60;
    /** A slow reader (a WebSocket client that stopped reading) cannot make us buffer without bound. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    /** Names of the pipeline's handlers, for an {@link HttpUpgrade} that rebuilds it. */
    public static final String TIMEOUT = "timeout";
    public static final String CODEC = "codec";
    public static final String CONTINUE = "continue";
    public static final String AGGREGATOR = "aggregator";
    public static final String HANDLER = "http";
    /** The TLS handler of an HTTPS connection, first in its pipeline; upgrades leave it in place. */
    public static final String TLS = "tls";

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** As {@link #start(InetSocketAddress, HttpRoutes, HttpUpgrade)} without upgrades. */
    public static HttpServer start(InetSocketAddress address, HttpRoutes routes) throws Exception {
        return start(address, routes, null);
    }

    /**
     * Binds and starts serving {@code routes}, handing upgrade requests to {@code upgrade} (may be null); throws
     * {@link java.net.BindException} (possibly wrapped by Netty's native layer as an IOException) when the
     * address is in use.
     */
    public static HttpServer start(InetSocketAddress address, HttpRoutes routes, HttpUpgrade upgrade)
            throws Exception {
        return start(address, routes, upgrade, null);
    }

    /**
     * As {@link #start(InetSocketAddress, HttpRoutes, HttpUpgrade)}, over TLS when {@code tls} is given (HTTPS,
     * and WebSocket over TLS through the same upgrades).
     */
    public static HttpServer start(InetSocketAddress address, HttpRoutes routes, HttpUpgrade upgrade, SslContext tls)
            throws Exception {
        EventLoopGroup group = EventLoops.group("http", 1);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc()));
                            }
                            configure(ch, routes, upgrade);
                        }
                    })
                    .bind(address).sync().channel();
            return new HttpServer(group, channel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Builds the pipeline of one accepted connection; in-memory tests build theirs with it too. */
    public static void configure(Channel ch, HttpRoutes routes, HttpUpgrade upgrade) {
        ch.pipeline()
                .addLast(TIMEOUT, new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .addLast(CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                .addLast(CONTINUE, new HttpServerExpectContinueHandler())
                .addLast(AGGREGATOR, new BoundedAggregator(MAX_CONTENT))
                .addLast(HANDLER, new HttpRequestHandler(routes, upgrade));
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Runs {@code task} every {@code period} on the server's event loop until the server closes. */
    public void every(Duration period, Runnable task) {
        group.next().scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("periodic http task failed: {}", e.toString(), e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

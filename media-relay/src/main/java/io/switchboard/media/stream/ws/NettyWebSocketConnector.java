package io.switchboard.media.stream.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The one Netty WebSocket client adapter: a connection per stream on one small I/O group of its own (the
 * media loops never wait on a stream server). Outgoing frames are counted while they wait for the socket,
 * so that a slow server makes the sender drop frames instead of queueing them without bound.
 */
public final class NettyWebSocketConnector implements WebSocketConnector {
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final SslContext tls;

    public NettyWebSocketConnector(int threads) {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "media-stream");
            t.setDaemon(true);
            return t;
        };
        this.group = new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
        try {
            this.tls = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("no TLS client context for wss:// streams", e);
        }
    }

    @Override
    public CompletableFuture<WebSocketLink> connect(URI url, WebSocketLink.Listener listener, int timeoutMillis) {
        CompletableFuture<WebSocketLink> result = new CompletableFuture<>();
        boolean secure = "wss".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
        String host = url.getHost();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(timeoutMillis)
                .dropPongFrames(true)
                .build();
        Link link = new Link(listener);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (secure) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), new Frames(link, result));
                    }
                });
        ChannelFuture connecting = b.connect(host, port);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new java.io.IOException("cannot connect to " + host + ":" + port
                        + ": " + f.cause().getMessage()));
            } else {
                link.channel = connecting.channel();
                link.channel.closeFuture().addListener(c -> {
                    result.completeExceptionally(new java.io.IOException("connection closed during the handshake"));
                    link.closed("connection closed");
                });
            }
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** One connection; {@link #channel} is set on the I/O thread before the handshake can complete. */
    private static final class Link implements WebSocketLink {
        private final WebSocketLink.Listener listener;
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Channel channel;

        Link(WebSocketLink.Listener listener) {
            this.listener = listener;
        }

        @Override
        public boolean send(String text, int queueLimit) {
            Channel ch = channel;
            if (ch == null || !ch.isActive() || ended.get()) {
                return false;
            }
            if (waiting.incrementAndGet() > queueLimit) {
                waiting.decrementAndGet();
                return false;
            }
            ch.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> waiting.decrementAndGet());
            return true;
        }

        @Override
        public void close() {
            Channel ch = channel;
            if (ch != null && ch.isActive()) {
                ch.writeAndFlush(new CloseWebSocketFrame(1000, "stream stopped"))
                        .addListener(f -> ch.close());
            }
        }

        void closed(String reason) {
            if (ended.compareAndSet(false, true)) {
                listener.onClosed(reason);
            }
        }
    }

    /** Hands text frames to the listener and reports the end of the handshake and of the connection. */
    private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Link link;
        private final CompletableFuture<WebSocketLink> handshake;

        Frames(Link link, CompletableFuture<WebSocketLink> handshake) {
            this.link = link;
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(link);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new java.io.IOException("WebSocket handshake timed out"));
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                link.listener.onText(text.text());
            } // binary frames are not part of the protocol; pings are answered by the protocol handler
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(new java.io.IOException(cause.getMessage(), cause));
            link.closed(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            ctx.close();
        }
    }
}

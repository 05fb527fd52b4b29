package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Twilio Media Streams server for tests, on 127.0.0.1 at {@code ws://127.0.0.1:PORT/stream}: it records
 * every text message it gets, in order, and, when asked, answers a {@code start} by sending a tone back as
 * 20 ms {@code media} frames (mu-law, 8 kHz) for a while, followed by a {@code mark}.
 */
public final class MediaStreamServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private volatile int toneHz;
    private volatile Duration toneLength = Duration.ZERO;

    private MediaStreamServer() throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/stream"), new Recorder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public static MediaStreamServer start() {
        try {
            return new MediaStreamServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Answers each {@code start} with {@code hz} for {@code length}, then a mark named {@code tone-end}. */
    public MediaStreamServer replyWithTone(int hz, Duration length) {
        this.toneHz = hz;
        this.toneLength = length;
        return this;
    }

    public URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort() + "/stream");
    }

    /** Every message received so far, in order. */
    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    /** The {@code event} of every message received so far, in order. */
    public List<String> events() {
        List<String> events = new ArrayList<>();
        messages.forEach(m -> events.add(m.path("event").asText()));
        return events;
    }

    /** The decoded mu-law payloads of the {@code media} messages of {@code track}, in order, as linear samples. */
    public short[] audio(String track) {
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode m : messages) {
            if (m.path("event").asText().equals("media") && m.path("media").path("track").asText().equals(track)) {
                frames.add(Base64.getDecoder().decode(m.path("media").path("payload").asText()));
            }
        }
        int total = frames.stream().mapToInt(f -> f.length).sum();
        short[] samples = new short[total];
        int i = 0;
        for (byte[] f : frames) {
            for (byte b : f) {
                samples[i++] = RtpPeer.ulawToLinear(b);
            }
        }
        return samples;
    }

    @Override
    public void close() {
        listener.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Recorder extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private ScheduledFuture<?> tone;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode message = JSON.readTree(frame.text());
            messages.add(message);
            if (message.path("event").asText().equals("start") && toneHz > 0 && tone == null) {
                sendTone(ctx, message.path("streamSid").asText());
            }
        }

        private void sendTone(ChannelHandlerContext ctx, String streamSid) {
            long frames = toneLength.toMillis() / 20;
            long[] sent = {0};
            tone = ctx.executor().scheduleAtFixedRate(() -> {
                if (sent[0] == frames) {
                    ObjectNode mark = JSON.createObjectNode().put("event", "mark").put("streamSid", streamSid);
                    mark.putObject("mark").put("name", "tone-end");
                    ctx.writeAndFlush(new TextWebSocketFrame(mark.toString()));
                    tone.cancel(false);
                    return;
                }
                byte[] payload = new byte[160];
                for (int i = 0; i < payload.length; i++) {
                    double t = (sent[0] * 160 + i) / 8000.0;
                    payload[i] = RtpPeer.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * toneHz * t)));
                }
                sent[0]++;
                ObjectNode media = JSON.createObjectNode().put("event", "media").put("streamSid", streamSid);
                media.putObject("media").put("payload", Base64.getEncoder().encodeToString(payload));
                ctx.writeAndFlush(new TextWebSocketFrame(media.toString()));
            }, 0, 20, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (tone != null) {
                tone.cancel(false);
            }
            super.channelInactive(ctx);
        }
    }
}

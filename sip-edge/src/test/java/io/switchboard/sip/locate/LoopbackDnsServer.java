package io.switchboard.sip.locate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on a loopback UDP port for tests, on Netty's DNS codec: answers NAPTR, SRV, A and AAAA questions
 * from a table, NXDOMAIN for names it has nothing for, and nothing at all for names told to stay silent (a timeout).
 */
public final class LoopbackDnsServer implements AutoCloseable {
    /** One answer: its type, TTL and RDATA. */
    private record Answer(DnsRecordType type, long ttl, byte[] rdata) {
    }

    private final Map<String, List<Answer>> table = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    public LoopbackDnsServer() {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                        answer(ctx, query);
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Questions asked so far ("SRV _sip._udp.carrier.test."), in arrival order. */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    public int queries() {
        return queries.get();
    }

    public LoopbackDnsServer srv(String name, long ttl, int priority, int weight, int port, String target) {
        ByteBuf b = Unpooled.buffer();
        b.writeShort(priority).writeShort(weight).writeShort(port);
        writeName(b, target);
        return add(name, DnsRecordType.SRV, ttl, b);
    }

    public LoopbackDnsServer naptr(String name, long ttl, int order, int preference, String service,
                                   String replacement) {
        ByteBuf b = Unpooled.buffer();
        b.writeShort(order).writeShort(preference);
        writeString(b, "s");
        writeString(b, service);
        writeString(b, "");
        writeName(b, replacement);
        return add(name, DnsRecordType.NAPTR, ttl, b);
    }

    public LoopbackDnsServer address(String name, long ttl, String ip) {
        try {
            byte[] raw = InetAddress.getByName(ip).getAddress();
            return add(name, raw.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA, ttl, Unpooled.wrappedBuffer(raw));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** Questions about {@code name} (any type) get no answer at all. */
    public LoopbackDnsServer silent(String name) {
        silent.add(canonical(name));
        return this;
    }

    private LoopbackDnsServer add(String name, DnsRecordType type, long ttl, ByteBuf rdata) {
        byte[] bytes = new byte[rdata.readableBytes()];
        rdata.readBytes(bytes);
        table.computeIfAbsent(canonical(name), n -> new CopyOnWriteArrayList<>()).add(new Answer(type, ttl, bytes));
        return this;
    }

    private void answer(ChannelHandlerContext ctx, DatagramDnsQuery query) {
        queries.incrementAndGet();
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        String name = canonical(question.name());
        questions.add(question.type().name() + " " + name);
        if (silent.contains(name)) {
            return;
        }
        List<Answer> answers = table.get(name);
        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setAuthoritativeAnswer(true).setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, question);
        if (answers == null) {
            response.setCode(DnsResponseCode.NXDOMAIN);
        } else {
            for (Answer a : answers) {
                if (a.type().equals(question.type())) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), a.type(), a.ttl(),
                            Unpooled.wrappedBuffer(a.rdata())));
                }
            }
        }
        ctx.writeAndFlush(response);
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    private static void writeName(ByteBuf b, String name) {
        for (String label : canonical(name).split("\\.")) {
            if (!label.isEmpty()) {
                writeString(b, label);
            }
        }
        b.writeByte(0);
    }

    private static void writeString(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.writeByte(bytes.length).writeBytes(bytes);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

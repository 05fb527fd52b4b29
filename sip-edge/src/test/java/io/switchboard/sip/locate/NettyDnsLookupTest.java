package io.switchboard.sip.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.switchboard.sip.api.DnsSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Netty's resolver against the loopback DNS server: SRV and NAPTR decoded, cached per TTL, timeouts told apart. */
class NettyDnsLookupTest {
    private final LoopbackDnsServer server = new LoopbackDnsServer();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NettyDnsLookup lookup = new NettyDnsLookup(loop, NioDatagramChannel.class,
            new DnsSettings(List.of(server.address()), Duration.ofMillis(300)), now::get);

    @AfterEach
    void close() throws Exception {
        loop.submit(lookup::close).get(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    /** Runs a lookup on the loop, as the edge does, and waits for its answer. */
    private <T> T onLoop(Function<NettyDnsLookup, CompletableFuture<T>> query) throws Exception {
        CompletableFuture<T> f = loop.submit(() -> query.apply(lookup)).get(2, TimeUnit.SECONDS);
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void srvRecordsAreDecodedAndCachedForTheirTtl() throws Exception {
        server.srv("_sip._udp.carrier.test", 30, 10, 60, 5070, "a.carrier.test")
                .srv("_sip._udp.carrier.test", 60, 20, 0, 5071, "b.carrier.test");
        List<SrvRecord> records = onLoop(l -> l.srv("_sip._udp.carrier.test"));
        assertEquals(List.of(new SrvRecord(10, 60, 5070, "a.carrier.test."),
                new SrvRecord(20, 0, 5071, "b.carrier.test.")), records);
        int asked = server.queries();
        assertEquals(records, onLoop(l -> l.srv("_sip._udp.carrier.test")));
        assertEquals(asked, server.queries(), "answered from the cache within the TTL");
        now.addAndGet(Duration.ofSeconds(31).toNanos()); // the smaller TTL of the set ran out
        onLoop(l -> l.srv("_sip._udp.carrier.test"));
        assertEquals(asked + 1, server.queries(), "asked again once the TTL ran out");
    }

    @Test
    void naptrRecordsAreDecoded() throws Exception {
        server.naptr("carrier.test", 300, 10, 20, "SIP+D2T", "_sip._tcp.carrier.test");
        assertEquals(List.of(new NaptrRecord(10, 20, "s", "SIP+D2T", "_sip._tcp.carrier.test.")),
                onLoop(l -> l.naptr("carrier.test")));
    }

    @Test
    void addressesOfAName() throws Exception {
        server.address("a.carrier.test", 300, "127.0.0.1");
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), onLoop(l -> l.addresses("a.carrier.test")));
    }

    @Test
    void anUnknownNameHasNoRecordsAndThatIsRemembered() throws Exception {
        assertEquals(List.of(), onLoop(l -> l.srv("_sip._udp.nowhere.test")));
        int asked = server.queries();
        assertEquals(List.of(), onLoop(l -> l.srv("_sip._udp.nowhere.test")));
        assertEquals(asked, server.queries());
        assertEquals(List.of(), onLoop(l -> l.addresses("nowhere.test")));
    }

    @Test
    void aSilentServerIsATimeoutNotAnAbsence() throws Exception {
        server.silent("_sip._udp.silent.test");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> onLoop(l -> l.srv("_sip._udp.silent.test")));
        assertInstanceOf(DnsLookupException.class, e.getCause());
        assertTrue(server.questions().contains("SRV _sip._udp.silent.test."), server.questions().toString());
    }
}

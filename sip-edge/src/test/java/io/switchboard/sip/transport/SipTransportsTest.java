package io.switchboard.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1: receive over UDP and TCP, answer per Via with rport, 400 for broken input. */
class SipTransportsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final BlockingQueue<Object[]> inbound = new LinkedBlockingQueue<>();
    private EventLoopGroup group;
    private SipTransports transports;
    private SipTransports.BoundAddresses bound;

    @BeforeEach
    void start() {
        NettyPlatform platform = NettyPlatform.select(true);
        group = new MultiThreadIoEventLoopGroup(2, platform.ioHandlerFactory());
        transports = new SipTransports(LOOPBACK, 0, 0, 0, null, null, TransportLimits.defaults(), platform, group,
                group.next(), group.next(), (message, flow) -> inbound.add(new Object[] {message, flow}), flow -> false);
        bound = transports.start();
    }

    @AfterEach
    void stop() throws Exception {
        transports.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private static String options(String transport, int port, String extra) {
        return "OPTIONS sip:edge@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 192.0.2.1:" + port + ";branch=z9hG4bK77;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@192.0.2.1>;tag=1\r\nTo: <sip:edge@127.0.0.1>\r\n"
                + "Call-ID: opt-1\r\nCSeq: 1 OPTIONS\r\n" + extra + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void udpRequestIsStampedAndResponseGoesToSourcePort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            socket.setSoTimeout(3000);
            byte[] req = options("UDP", 5999, "").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(req, req.length, bound.udp()));
            Object[] got = inbound.poll(3, TimeUnit.SECONDS);
            assertNotNull(got);
            SipMessage request = (SipMessage) got[0];
            assertEquals("127.0.0.1", request.viaReceived());
            assertEquals(socket.getLocalPort(), request.viaRport());
            transports.sendResponse(request.createResponse(200, null), (SipFlow) got[1]);
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            socket.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("SIP/2.0 200"), text);
            assertTrue(text.contains("rport=" + socket.getLocalPort()), text);
        }
    }

    @Test
    void udpBrokenHeaderGets400NamingIt() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            socket.setSoTimeout(3000);
            byte[] req = options("UDP", 5999, "Contact: <<<>>\r\n").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(req, req.length, bound.udp()));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            socket.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("SIP/2.0 400 Bad Contact header"), text);
            assertEquals(1, transports.counters().rejected());
        }
    }

    @Test
    void tcpRequestsAreFramedAndAnsweredOnTheSameConnection() throws Exception {
        try (Socket socket = new Socket(LOOPBACK, bound.tcp().getPort())) {
            socket.setSoTimeout(3000);
            String two = options("TCP", 5999, "") + options("TCP", 5999, "").replace("opt-1", "opt-2");
            socket.getOutputStream().write(two.getBytes(StandardCharsets.US_ASCII));
            for (String id : new String[] {"opt-1", "opt-2"}) {
                Object[] got = inbound.poll(3, TimeUnit.SECONDS);
                assertNotNull(got);
                SipMessage request = (SipMessage) got[0];
                assertEquals(id, request.callId());
                transports.sendResponse(request.createResponse(200, null), (SipFlow) got[1]);
            }
            String text = readAtLeast(socket.getInputStream(), 2);
            assertTrue(text.contains("Call-ID: opt-1") && text.contains("Call-ID: opt-2"), text);
        }
    }

    @Test
    void secondBindOnSamePortFailsClearly() {
        SipTransports clash = new SipTransports(LOOPBACK, bound.udp().getPort(), 0, 0, null, null,
                TransportLimits.defaults(), NettyPlatform.select(true), group, group.next(), group.next(), (m, f) -> { },
                f -> false);
        TransportBindException e = assertThrows(TransportBindException.class, clash::start);
        assertTrue(e.getMessage().contains("UDP port " + bound.udp().getPort() + " is already in use"), e.getMessage());
    }

    @Test
    void outboundTcpFlowConnectsAndDelivers() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, LOOPBACK)) {
            server.setSoTimeout(3000);
            SipFlow flow = transports.flowTo(new java.net.InetSocketAddress(LOOPBACK, server.getLocalPort()),
                    TransportKind.TCP);
            flow.send(SipMessages.parseTrusted(options("TCP", 5999, "")).encode());
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(3000);
                assertTrue(readAtLeast(peer.getInputStream(), 1).startsWith("OPTIONS sip:edge@127.0.0.1"));
            }
        }
    }

    @Test
    void connectionsBeyondThePerSourceLimitAreClosed() throws Exception {
        SipTransports limited = new SipTransports(LOOPBACK, 0, 0, 0, null, null,
                new TransportLimits(65_507, 16_384, 32_768, 100, 2, 0), NettyPlatform.select(true), group,
                group.next(), group.next(), (m, f) -> { }, f -> false);
        int port = limited.start().tcp().getPort();
        try (Socket a = new Socket(LOOPBACK, port); Socket b = new Socket(LOOPBACK, port);
             Socket c = new Socket(LOOPBACK, port)) {
            c.setSoTimeout(3000);
            assertEquals(-1, c.getInputStream().read(), "the third connection is closed at once");
            Await.until("the refused connection is counted", Duration.ofSeconds(3),
                    () -> limited.refusedConnections() >= 1);
            assertEquals(1, limited.refusedConnections());
            a.setSoTimeout(200);
            assertThrows(java.net.SocketTimeoutException.class, () -> a.getInputStream().read(), "the first stays open");
        } finally {
            limited.close();
        }
    }

    @Test
    void idleConnectionIsClosedOnceNothingUsesItAndTrafficKeepsItOpen() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean inUse = new java.util.concurrent.atomic.AtomicBoolean(true);
        SipTransports idle = new SipTransports(LOOPBACK, 0, 0, 0, null, null,
                new TransportLimits(65_507, 16_384, 32_768, 100, 10, 200), NettyPlatform.select(true), group,
                group.next(), group.next(), (m, f) -> { }, f -> inUse.get());
        int port = idle.start().tcp().getPort();
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(700);
            assertThrows(java.net.SocketTimeoutException.class, () -> socket.getInputStream().read(),
                    "idle for 3 periods, but a transaction or dialog still uses it");
            inUse.set(false);
            long lastMessage = 0;
            for (int i = 0; i < 6; i++) { // a message every 100 ms: never idle for 200 ms
                socket.getOutputStream().write(options("TCP", 5060, "").getBytes(StandardCharsets.US_ASCII));
                lastMessage = System.nanoTime();
                Thread.sleep(100);
            }
            socket.setSoTimeout(50);
            assertThrows(java.net.SocketTimeoutException.class, () -> socket.getInputStream().read(),
                    "traffic kept it open");
            socket.setSoTimeout(3000);
            assertEquals(-1, socket.getInputStream().read(), "closed once idle and unused");
            assertTrue(System.nanoTime() - lastMessage >= 180_000_000L, "not before it was idle for 200 ms");
            assertEquals(1, idle.counters().snapshot().get("tcp_connections_closed_idle_total"));
        } finally {
            idle.close();
        }
    }

    @Test
    void connectionsBeyondTheTotalLimitAreClosed() throws Exception {
        SipTransports limited = new SipTransports(LOOPBACK, 0, 0, 0, null, null,
                new TransportLimits(65_507, 16_384, 32_768, 100, 2, 0, 0, 2), NettyPlatform.select(true), group,
                group.next(), group.next(), (m, f) -> { }, f -> false);
        int port = limited.start().tcp().getPort();
        // two addresses of the loopback range, each under its own limit of 2: the total of 2 refuses the third
        try (Socket a = new Socket(LOOPBACK, port); Socket b = new Socket(LOOPBACK, port, InetAddress.getByName("127.0.0.2"), 0);
             Socket c = new Socket(LOOPBACK, port, InetAddress.getByName("127.0.0.3"), 0)) {
            c.setSoTimeout(3000);
            assertEquals(-1, c.getInputStream().read(), "the third connection is closed at once");
            assertEquals(1, limited.refusedConnections());
            b.close();
            Await.until("the closed connection leaves the count", Duration.ofSeconds(3),
                    () -> limited.openConnections() <= 1);
            try (Socket d = new Socket(LOOPBACK, port, InetAddress.getByName("127.0.0.3"), 0)) {
                d.setSoTimeout(300);
                assertThrows(java.net.SocketTimeoutException.class, () -> d.getInputStream().read(),
                        "a closed connection frees its place");
            }
            assertEquals(1, limited.refusedConnections());
        } finally {
            limited.close();
        }
    }

    @Test
    void aConnectionWithoutAWellFormedRequestIsClosedAtTheDeadlineAndOneWithARequestStays() throws Exception {
        SipTransports guarded = new SipTransports(LOOPBACK, 0, 0, 0, null, null,
                new TransportLimits(65_507, 16_384, 32_768, 100, 10, 0, 300, 100), NettyPlatform.select(true),
                group, group.next(), group.next(), (m, f) -> { }, f -> false);
        int port = guarded.start().tcp().getPort();
        try (Socket silent = new Socket(LOOPBACK, port); Socket talker = new Socket(LOOPBACK, port);
             Socket junk = new Socket(LOOPBACK, port)) {
            long opened = System.nanoTime();
            talker.getOutputStream().write(options("TCP", 5060, "").getBytes(StandardCharsets.US_ASCII));
            junk.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // keepalives are no request
            silent.setSoTimeout(3000);
            assertEquals(-1, silent.getInputStream().read(), "closed at the deadline");
            assertTrue(System.nanoTime() - opened >= 280_000_000L, "not before the 300 ms deadline");
            junk.setSoTimeout(3000);
            int pong = junk.getInputStream().read(); // RFC 5626 section 4.4.1: the ping is answered with a CRLF pong
            while (pong == '\r' || pong == '\n') {
                pong = junk.getInputStream().read();
            }
            assertEquals(-1, pong, "CRLF keepalives do not hold a connection open");
            talker.setSoTimeout((int) Math.max(1, 600 - (System.nanoTime() - opened) / 1_000_000));
            assertThrows(java.net.SocketTimeoutException.class, () -> talker.getInputStream().read(),
                    "a connection that carried a request stays open past the deadline");
            assertEquals(2, guarded.counters().snapshot().get("tcp_connections_closed_no_request_total"));
        } finally {
            guarded.close();
        }
    }

    private static String readAtLeast(InputStream in, int messages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int i = 0; i < 50; i++) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            String s = out.toString(StandardCharsets.UTF_8);
            if (s.split("SIP/2.0 200|OPTIONS sip", -1).length - 1 >= messages && s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

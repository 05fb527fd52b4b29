package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A malformed request from 127.0.0.2, outside the trunk's network (127.0.0.1 only), gets no answer at all with
 * the DROP policy, over UDP and TCP, yet is counted and is one malformed security event; the same bytes from
 * the trunk's address get their 400. With REJECT_403 the stranger gets its 400 as before.
 */
class MalformedSilenceIT {
    private static final InetAddress STRANGER = address("127.0.0.2");
    private static final InetAddress TRUNK = InetAddress.getLoopbackAddress();
    /** Past T1 (100 ms here) and several retransmission intervals: a verdict is sent at once or never. */
    private static final int NOTHING_HAPPENS_MILLIS = 2000;
    private EdgeFixture fixture;

    private void start(SipEdgeSettings.UnknownSourcePolicy policy) {
        fixture = new EdgeFixture(policy, Duration.ofMillis(100), List.of(TrunkDefinition.inbound("sipp",
                "127.0.0.1/32")));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OPTIONS framed two ways (two Content-Length values): the parser's verdict is 400. */
    private static byte[] twoLengths(String transport, InetAddress from, int port, String callId) {
        return ("OPTIONS sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + from.getHostAddress() + ":" + port + ";branch=z9hG4bK" + callId
                + ";rport\r\nMax-Forwards: 70\r\nFrom: <sip:probe@" + from.getHostAddress() + ">;tag=p1\r\n"
                + "To: <sip:+15550100@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\nContent-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An OPTIONS of a SIP version we do not speak: the parser's verdict is 505. */
    private static byte[] sip3(InetAddress from, int port) {
        return ("OPTIONS sip:+15550100@127.0.0.1 SIP/7.0\r\n"
                + "Via: SIP/7.0/UDP " + from.getHostAddress() + ":" + port + ";branch=z9hG4bKsip7\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@" + from.getHostAddress() + ">;tag=p2\r\n"
                + "To: <sip:+15550100@127.0.0.1>\r\nCall-ID: sip7\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void send(DatagramSocket socket, byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, TRUNK, fixture.port));
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void overUdpAStrangerHearsNothingAndIsOneEventWhileTheTrunkGetsItsVerdict() throws Exception {
        start(SipEdgeSettings.UnknownSourcePolicy.DROP);
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(STRANGER, 0));
             DatagramSocket trunk = new DatagramSocket(new InetSocketAddress(TRUNK, 0))) {
            send(stranger, twoLengths("UDP", STRANGER, stranger.getLocalPort(), "untrusted-1"));
            send(stranger, sip3(STRANGER, stranger.getLocalPort()));
            stranger.setSoTimeout(NOTHING_HAPPENS_MILLIS);
            assertThrows(SocketTimeoutException.class, () -> receive(stranger), "no 400 or 505 to the stranger");
            assertEquals(2, fixture.awaitMetric("security_events_total{type=\"malformed\"}", 2,
                    Duration.ofSeconds(5)), fixture.metrics().toString());
            assertEquals(2, fixture.metric("guard_malformed_total"));
            assertEquals(2, fixture.metric("parse_unanswered_untrusted_total"));
            assertEquals(0, fixture.metric("messages_sent_total"));

            send(trunk, twoLengths("UDP", TRUNK, trunk.getLocalPort(), "trusted-1"));
            trunk.setSoTimeout(5000);
            String response = receive(trunk);
            assertTrue(response.startsWith("SIP/2.0 400 "), response);
            assertTrue(response.contains("trusted-1"), response);
            send(trunk, sip3(TRUNK, trunk.getLocalPort()));
            String unsupported = receive(trunk);
            assertTrue(unsupported.startsWith("SIP/2.0 505 "), unsupported);
            assertEquals(2, fixture.metric("parse_unanswered_untrusted_total"), "the trunk's were answered");
            assertEquals(4, fixture.awaitMetric("security_events_total{type=\"malformed\"}", 4,
                    Duration.ofSeconds(5)), "the trunk's malformed requests are events too");
        }
    }

    @Test
    void overTcpAStrangerHearsNothingWhileTheTrunkGetsItsVerdict() throws Exception {
        start(SipEdgeSettings.UnknownSourcePolicy.DROP);
        try (Socket stranger = new Socket()) {
            stranger.bind(new InetSocketAddress(STRANGER, 0));
            stranger.connect(new InetSocketAddress(TRUNK, fixture.port), 5000);
            stranger.getOutputStream().write(twoLengths("TCP", STRANGER, stranger.getLocalPort(), "untrusted-tcp"));
            stranger.setSoTimeout(NOTHING_HAPPENS_MILLIS);
            InputStream in = stranger.getInputStream();
            // a framing error closes the connection (it cannot be re-synchronised); either way, no bytes
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                first = -1;
            }
            assertEquals(-1, first, "not a byte to the stranger");
        }
        assertEquals(1, fixture.awaitMetric("security_events_total{type=\"malformed\"}", 1, Duration.ofSeconds(5)));
        assertEquals(1, fixture.metric("parse_unanswered_untrusted_total"));

        try (Socket trunk = new Socket()) {
            trunk.bind(new InetSocketAddress(TRUNK, 0));
            trunk.connect(new InetSocketAddress(TRUNK, fixture.port), 5000);
            trunk.getOutputStream().write(twoLengths("TCP", TRUNK, trunk.getLocalPort(), "trusted-tcp"));
            trunk.setSoTimeout(5000);
            byte[] head = trunk.getInputStream().readNBytes(12);
            assertEquals("SIP/2.0 400 ", new String(head, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void withThe403PolicyAStrangerGetsTheParsersVerdictAsBefore() throws Exception {
        start(SipEdgeSettings.UnknownSourcePolicy.REJECT_403);
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(STRANGER, 0))) {
            send(stranger, twoLengths("UDP", STRANGER, stranger.getLocalPort(), "polite-1"));
            stranger.setSoTimeout(5000);
            String response = receive(stranger);
            assertTrue(response.startsWith("SIP/2.0 400 "), response);
        }
        assertEquals(1, fixture.awaitMetric("security_events_total{type=\"malformed\"}", 1, Duration.ofSeconds(5)));
        assertEquals(0, fixture.metric("parse_unanswered_untrusted_total"));
    }
}

package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged demo server (its trunk accepts 127.0.0.1 only, unknown sources dropped) and a malformed OPTIONS
 * (two Content-Length values): from 127.0.0.2 nothing comes back, yet it is a malformed security event on
 * /metrics; from 127.0.0.1 the same bytes get their 400.
 */
class UntrustedMalformedIT {
    private static final String MALFORMED = "switchboard_sip_security_events_total{type=\"malformed\"}";
    private static final String UNANSWERED = "switchboard_sip_parse_unanswered_untrusted_total";

    @RegisterExtension
    final PackagedServer server = PackagedServer.demo();

    private static byte[] twoLengths(InetAddress from, int port, String callId) {
        String host = from.getHostAddress();
        return ("OPTIONS sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@" + host + ">;tag=u1\r\nTo: <sip:+15550100@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void send(DatagramSocket socket, byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.sipPort()));
    }

    @Test
    void aMalformedRequestFromOutsideTheTrunkGetsNoAnswerButIsAnEvent() throws Exception {
        InetAddress stranger = InetAddress.getByName("127.0.0.2");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(stranger, 0))) {
            send(socket, twoLengths(stranger, socket.getLocalPort(), "untrusted-1"));
            socket.setSoTimeout(2000); // well past T1 (500 ms) and two retransmissions: a 400 comes at once or never
            assertThrows(SocketTimeoutException.class,
                    () -> socket.receive(new DatagramPacket(new byte[4096], 4096)), "not a byte back");
        }
        Await.until(MALFORMED + " >= 1", Duration.ofSeconds(10), () -> server.metric(MALFORMED) >= 1);
        assertEquals(1, server.metric(UNANSWERED));

        InetAddress trunk = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(trunk, 0))) {
            send(socket, twoLengths(trunk, socket.getLocalPort(), "trusted-1"));
            socket.setSoTimeout(5000);
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            String response = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("SIP/2.0 400 "), response);
        }
        Await.until(MALFORMED + " >= 2", Duration.ofSeconds(10), () -> server.metric(MALFORMED) >= 2);
        assertEquals(1, server.metric(UNANSWERED), "the trunk's request was answered");
    }
}

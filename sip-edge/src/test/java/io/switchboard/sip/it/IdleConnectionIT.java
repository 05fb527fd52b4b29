package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.SipLimits;
import io.switchboard.sip.api.TrunkDefinition;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout of accepted TCP connections, end to end: a connection carrying an answered call stays open
 * however quiet it is; once the BYE ends the call, it is closed after the idle timeout.
 */
class IdleConnectionIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private EdgeFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String request(String method, int localPort, String toTag, long cseq, String branch) {
        String body = "INVITE".equals(method) ? "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n" : "";
        return method + " sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:" + localPort + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15557654321@127.0.0.1>;tag=idle1\r\n"
                + "To: <sip:+15550100@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: idle-call@127.0.0.1\r\n"
                + "CSeq: " + cseq + " " + ("ACK".equals(method) ? "ACK" : method) + "\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + localPort + ";transport=tcp>\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Reads until a response with {@code code} for {@code method} has arrived; returns everything read. */
    private static String awaitResponse(InputStream in, int code, String method) throws Exception {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[8192];
        while (!Pattern.compile("SIP/2.0 " + code + "[^\\n]*\\n(?:[^\\n]+\\n)*?CSeq: \\d+ " + method).matcher(got)
                .find()) {
            int n = in.read(buf);
            if (n < 0) {
                throw new AssertionError("connection closed while waiting for " + code + ": " + got);
            }
            got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    @Test
    void connectionWithACallStaysOpenAndIsClosedWhenIdleAfterTheBye() throws Exception {
        // T1 of 20 ms: the INVITE server transaction's Timer L (64*T1, RFC 6026) ends 1.3 s after the 200
        fixture = new EdgeFixture(s -> s.withLimits(SipLimits.defaults().withConnectionIdleTimeout(Duration.ofMillis(300)))
                .withTimers(Duration.ofMillis(20), Duration.ofSeconds(4), Duration.ofSeconds(5))
                .withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.REJECT_403),
                List.of(TrunkDefinition.inbound("sipp", "127.0.0.1/32")));
        try (Socket socket = new Socket(LOOPBACK, fixture.addresses.tcp().getPort())) {
            socket.setSoTimeout(3000);
            int local = socket.getLocalPort();
            socket.getOutputStream().write(request("INVITE", local, null, 1, "z9hG4bKidle1")
                    .getBytes(StandardCharsets.US_ASCII));
            String ok = awaitResponse(socket.getInputStream(), 200, "INVITE");
            Matcher tag = Pattern.compile("To: [^\\r\\n]*;tag=([^;\\r\\n]+)").matcher(ok.substring(ok.indexOf("SIP/2.0 200")));
            assertTrue(tag.find(), ok);
            String toTag = tag.group(1);
            socket.getOutputStream().write(request("ACK", local, toTag, 1, "z9hG4bKidle2")
                    .getBytes(StandardCharsets.US_ASCII));

            socket.setSoTimeout(2500); // eight idle periods with the call up, most after Timer L ended the INVITE
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
                    "the dialog of the answered call keeps its connection");
            assertEquals(0, fixture.metric("tcp_connections_closed_idle_total"));

            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request("BYE", local, toTag, 2, "z9hG4bKidle3")
                    .getBytes(StandardCharsets.US_ASCII));
            awaitResponse(socket.getInputStream(), 200, "BYE");
            assertEquals(1, fixture.awaitEnds("REMOTE BYE", 1));
            byte[] rest = new byte[4096];
            int n;
            do {
                n = socket.getInputStream().read(rest); // the edge closes the connection once idle and unused
            } while (n > 0);
            assertEquals(-1, n);
            assertEquals(1, fixture.metric("tcp_connections_closed_idle_total"));
        }
    }
}

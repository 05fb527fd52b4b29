package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A source outside every trunk learns nothing of us, not even from an in-dialog-looking INVITE (which a server
 * without the check answers 481), and each such request is a security event, an offence towards a ban.
 */
class SilenceIT {
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EdgeFixture(SipEdgeSettings.UnknownSourcePolicy.DROP, Duration.ofMillis(100),
                List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String invite(int localPort, int n) {
        return "INVITE sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-probe" + n + ";rport\r\n"
                + "From: <sip:100@127.0.0.1>;tag=probe\r\n"
                + "To: <sip:+15550100@127.0.0.1>;tag=guessed\r\n"
                + "Call-ID: probe-" + n + "\r\n"
                + "CSeq: 2 INVITE\r\n"
                + "Contact: <sip:probe@127.0.0.1:" + localPort + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void inDialogLookingInvitesFromAnUnknownSourceGetNoAnswerAndEndInABan() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 1; i <= 6; i++) {
                byte[] bytes = invite(probe.getLocalPort(), i).getBytes(StandardCharsets.US_ASCII);
                probe.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), fixture.port));
            }
            // a 481 (or a 100 Trying) would come at once; wait well past T1 and a retransmission
            probe.setSoTimeout(1000);
            assertThrows(SocketTimeoutException.class, () -> probe.receive(new DatagramPacket(new byte[2048], 2048)),
                    "not a single byte back");
        }
        assertEquals(0, fixture.metric("messages_sent_total"));
        assertEquals(5, fixture.metric("security_events_total{type=\"refused_source\"}"),
                "five offences ban the source (the default), the sixth is dropped as banned");
        assertEquals(1, fixture.metric("security_events_total{type=\"banned\"}"));
        assertEquals(1, fixture.metric("guard_banned_dropped_total"));
    }
}

package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged demo server started with {@code --sip-auth-failures-to-ban 1}, and a request framed two ways (two
 * Content-Length values, the smuggling pattern) from 127.0.0.6, outside the demo trunk: the request is a
 * {@code malformed} security event in streams/security-events and on /metrics, and the one offence bans the
 * address, which shows the flag reached the edge.
 */
class MalformedRequestEventsIT {
    private static final String MALFORMED = "switchboard_sip_security_events_total{type=\"malformed\"}";
    private static final String BANS = "switchboard_sip_guard_bans_total";

    @RegisterExtension
    final PackagedServer server = PackagedServer.demo().args("--sip-auth-failures-to-ban", "1");

    @Test
    void aRequestWithTwoContentLengthsIsAMalformedEventAndAnOffence() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.6"), 0))) {
            String request = "OPTIONS sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.6:" + socket.getLocalPort() + ";branch=z9hG4bKsmuggle;rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.6>;tag=s1\r\nTo: <sip:+15550100@127.0.0.1>\r\n"
                    + "Call-ID: smuggled-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n";
            byte[] b = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.sipPort()));
        }
        Await.until(MALFORMED + " >= 1", Duration.ofSeconds(10), () -> server.metric(MALFORMED) >= 1);
        Await.until(BANS + " >= 1", Duration.ofSeconds(10), () -> server.metric(BANS) >= 1);

        Path day = server.dataDir().resolve("streams/security-events")
                .resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Await.until(day + " has the malformed request", Duration.ofSeconds(10), () -> read(day).lines()
                .anyMatch(l -> l.contains("\"type\":\"malformed\"") && l.contains("\"source\":\"127.0.0.6\"")
                        && l.contains("\"callId\":\"smuggled-1\"")));
        Await.until(day + " has the ban", Duration.ofSeconds(10), () -> read(day).lines()
                .anyMatch(l -> l.contains("\"type\":\"banned\"") && l.contains("\"source\":\"127.0.0.6\"")));
        assertTrue(server.metric(MALFORMED) >= 1);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

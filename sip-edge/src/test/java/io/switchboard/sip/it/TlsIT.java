package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.SipEdgeServer;
import io.switchboard.sip.api.SipEdge;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.SipEdgeStartException;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIP over TLS (JDK SSLEngine) with a certificate made by openssl: OPTIONS and a whole call on one connection. */
class TlsIT {
    @TempDir
    Path work;
    private SipEdge edge;
    private int tlsPort;
    private LoopbackTls tls;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> ends = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        tls = LoopbackTls.create(work);
        int port = FreePorts.tcpAndUdp();
        tlsPort = FreePorts.tcp();
        SipEdgeSettings settings = SipEdgeSettings.defaults("127.0.0.1").withBind("127.0.0.1", port).withIoThreads(2)
                .withTls(tlsPort, work.resolve("cert.pem"), work.resolve("key.pem"));
        edge = SipEdgeServer.start(settings, List.of(TrunkDefinition.inbound("tls-trunk", "127.0.0.1/32")), leg -> {
            leg.setListener(new io.switchboard.sip.api.CallLegListener() {
                @Override
                public void onEnded(Party who, String why) {
                    ends.add(who + " " + why);
                }
            });
            leg.answer(EdgeFixture.SDP);
        });
        assertEquals(tlsPort, edge.addresses().tls().getPort());
    }

    @AfterEach
    void stop() {
        edge.stop();
    }

    private SSLSocket connect() throws Exception {
        return tls.connect(tlsPort);
    }

    private static String msg(String method, int cseq, String toTag, String body) {
        String b = body == null ? "" : body;
        return method + " sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKtls" + method + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:caller@127.0.0.1>;tag=tlsfrom\r\n"
                + "To: <sip:+15550100@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: tls-call\r\nCSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:caller@127.0.0.1:5999;transport=tls>\r\n"
                + (body == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + b.length() + "\r\n\r\n" + b;
    }

    /** Reads until a final response (status >= 200) arrives; returns all text read. */
    private static String readFinal(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int i = 0; i < 50; i++) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            String s = out.toString(StandardCharsets.UTF_8);
            if (s.matches("(?s).*SIP/2\\.0 [2-6]\\d\\d .*\r\n\r\n.*")) {
                return s;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void callOverTls() throws Exception {
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(msg("OPTIONS", 1, null, null).replace("tls-call", "tls-options")
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(readFinal(socket.getInputStream()).contains("SIP/2.0 200 OK"));

            socket.getOutputStream().write(msg("INVITE", 1, null, EdgeFixture.SDP).getBytes(StandardCharsets.UTF_8));
            String ok = readFinal(socket.getInputStream());
            assertTrue(ok.contains("SIP/2.0 200 OK"), ok);
            assertTrue(ok.contains("transport=tls"), "our Contact names TLS: " + ok);
            String tag = ok.replaceAll("(?s).*\r\nTo: [^\r]*;tag=([^;\r]+).*", "$1");
            socket.getOutputStream().write(msg("ACK", 1, tag, null).replace("branch=z9hG4bKtlsACK1", "branch=z9hG4bKack")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(msg("BYE", 2, tag, null).getBytes(StandardCharsets.UTF_8));
            assertTrue(readFinal(socket.getInputStream()).contains("CSeq: 2 BYE"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (ends.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("REMOTE BYE"), List.copyOf(ends));
    }

    @Test
    void unreadableCertificateIsAClearStartError() throws Exception {
        Files.writeString(work.resolve("bad.pem"), "not a certificate");
        SipEdgeSettings settings = SipEdgeSettings.defaults("127.0.0.1").withBind("127.0.0.1", FreePorts.tcpAndUdp())
                .withTls(FreePorts.tcp(), work.resolve("bad.pem"), work.resolve("key.pem"));
        SipEdgeStartException e = assertThrows(SipEdgeStartException.class,
                () -> SipEdgeServer.start(settings, List.of(), leg -> { }));
        assertTrue(e.getMessage().contains("bad.pem"), e.getMessage());
    }

    @Test
    void dialOutOverTlsToAnotherEdgeTrustingItsCertificate() throws Exception {
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        SipEdgeSettings callerSettings = SipEdgeSettings.defaults("127.0.0.1")
                .withBind("127.0.0.1", FreePorts.tcpAndUdp()).withIoThreads(2)
                .withTls(FreePorts.tcp(), work.resolve("cert.pem"), work.resolve("key.pem"))
                .withTlsTrust(work.resolve("cert.pem"));
        SipEdge caller = SipEdgeServer.start(callerSettings, List.of(TrunkDefinition.inbound("tls-out")
                .withOutbound(List.of("127.0.0.1:" + tlsPort + ";transport=tls"), null, null)), leg -> { });
        try {
            var leg = caller.dial("tls-out", "+15550100", "+15557654321", EdgeFixture.SDP,
                    new io.switchboard.sip.api.CallLegListener() {
                        @Override
                        public void onAnswered(String sdp) {
                            events.add("answered");
                        }

                        @Override
                        public void onFailed(int code, String reason) {
                            events.add("failed " + code);
                        }
                    });
            assertEquals("answered", events.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            leg.hangUp();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (ends.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("REMOTE BYE"), List.copyOf(ends), "the BYE came over the same TLS connection");
        } finally {
            caller.stop();
        }
    }
}

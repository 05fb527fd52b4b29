package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's baresip registers as alice over TLS (digest) and is rung through that TLS connection, answers, and
 * hears the BYE on it.
 */
class PhoneOverTlsIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        PeerProcess.requireOnPath("openssl");
        try (PeerProcess openssl = PeerProcess.start("openssl", List.of("openssl", "req", "-x509", "-newkey",
                "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"), work, Map.of())) {
            assertEquals(0, openssl.awaitExit(Duration.ofSeconds(30)), openssl.output());
        }
        int tlsPort = FreePorts.tcp();
        fixture = new EdgeFixture(s -> s.withTls(tlsPort, work.resolve("cert.pem"), work.resolve("key.pem")),
                List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        String ha1 = DigestSecret.fromPassword("alice", "switchboard", "demo-sip-password").md5Ha1();
        fixture.edge.setPhoneUsers(Map.of("alice", DigestSecret.md5("switchboard", ha1)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private final CallLegListener recorder = new CallLegListener() {
        @Override
        public void onAnswered(String sdp) {
            events.add("answered");
        }

        @Override
        public void onFailed(int code, String reason) {
            events.add("failed " + code);
        }

        @Override
        public void onEnded(Party who, String why) {
            events.add("ended " + who + " " + why);
        }
    };

    @Test
    void aPhoneRegisteredOverTlsIsRungOnItsConnectionAndAnswers() throws Exception {
        PeerProcess.requireOnPath("baresip");
        Path dir = Files.createDirectories(work.resolve("baresip"));
        int port = FreePorts.tcpAndUdp();
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method poll",
                "sip_listen 127.0.0.1:" + port,
                "audio_source ausine,440",
                "ausrc_srate 48000",
                "auplay_srate 48000",
                "ausrc_channels 2",
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module ausine.so",
                "module aubridge.so",
                "module_app account.so",
                "module_app menu.so",
                ""));
        int tls = fixture.addresses.tls().getPort();
        Files.writeString(dir.resolve("accounts"), "<sip:alice@127.0.0.1:" + tls + ";transport=tls>"
                + ";auth_pass=demo-sip-password;regint=600;audio_codecs=PCMU;answermode=auto\n");
        try (PeerProcess phone = PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(), "-t", "30"),
                dir, Map.of())) {
            Await.until("alice registered over TLS\n" + phone.tail(30), Duration.ofSeconds(10),
                    () -> !fixture.edge.registrations().getOrDefault("alice", List.of()).isEmpty());
            assertTrue(fixture.edge.registrations().get("alice").get(0).contains("transport=tls"),
                    fixture.edge.registrations().toString());
            CallLeg leg = fixture.edge.ringPhone("alice", "+15550100", "Sales", EdgeFixture.SDP, recorder);
            String first = events.poll(10, TimeUnit.SECONDS);
            assertEquals("answered", first, phone.tail(40));
            assertTrue(phone.awaitOutput(l -> l.contains("Call established"), Duration.ofSeconds(5)), phone.tail(30));
            leg.hangUp();
            assertEquals("ended LOCAL BYE", events.poll(5, TimeUnit.SECONDS), phone.tail(30));
            assertEquals(1, fixture.metric("tcp_connections_accepted_total"), "one connection, the phone's");
        }
    }
}

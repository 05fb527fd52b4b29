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
 * Calls to an agent's registered SIP phone: every contact of the agent rings at once, the first to answer wins
 * and the others are cancelled (RFC 3261 section 16.7); no registration is a 480. The phones are baresip and
 * linphone's console client, registered with digest as alice.
 */
class PhoneForkIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private volatile String answer;

    @BeforeEach
    void start() {
        fixture = new EdgeFixture(s -> s, List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        String ha1 = DigestSecret.fromPassword("alice", "switchboard", "demo-sip-password").md5Ha1();
        fixture.edge.setPhoneUsers(Map.of("alice", DigestSecret.md5("switchboard", ha1)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private final CallLegListener recorder = new CallLegListener() {
        @Override
        public void onRinging() {
            events.add("ringing");
        }

        @Override
        public void onAnswered(String sdp) {
            answer = sdp;
            // PCMU by name, or by its static payload type 0 alone (RFC 3551)
            events.add("answered " + (sdp != null && (sdp.contains("PCMU") || sdp.matches("(?s).*RTP/AVP 0\\b.*"))));
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

    /** The next event other than ringing, within {@code seconds}. */
    private String next(int seconds, String context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e != null && !e.equals("ringing")) {
                return e;
            }
        }
        throw new AssertionError("no event within " + seconds + " s\n" + context);
    }

    private PeerProcess baresip(String name, String transport, boolean autoAnswer) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
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
        Files.writeString(dir.resolve("accounts"), "<sip:alice@127.0.0.1:" + fixture.port + ";transport=" + transport
                + ">;auth_pass=demo-sip-password;regint=600;audio_codecs=PCMU"
                + (autoAnswer ? ";answermode=auto" : "") + "\n");
        PeerProcess p = PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(), "-t", "30"), dir, Map.of());
        awaitBinding("127.0.0.1:" + port, p);
        return p;
    }

    private void awaitBinding(String hostPort, PeerProcess phone) {
        Await.until("alice registered from " + hostPort + "\n" + phone.tail(30), Duration.ofSeconds(8),
                () -> fixture.edge.registrations().getOrDefault("alice", List.of()).stream()
                        .anyMatch(c -> c.contains(hostPort)));
    }

    @Test
    void bothOfAlicesPhonesRingTheFirstToAnswerWinsAndTheOtherIsCancelled() throws Exception {
        PeerProcess.requireOnPath("baresip");
        try (PeerProcess answering = baresip("baresip-udp", "udp", true);
             PeerProcess ringing = baresip("baresip-tcp", "tcp", false)) {
            assertEquals(2, fixture.edge.registrations().get("alice").size(), fixture.edge.registrations().toString());
            CallLeg leg = fixture.edge.ringPhone("alice", "+15550100", "Sales", EdgeFixture.SDP, recorder);
            assertEquals("answered true", next(10, answering.tail(30) + "\n" + ringing.tail(30)));
            assertTrue(ringing.awaitOutput(l -> l.contains("Incoming call"), Duration.ofSeconds(5)), ringing.tail(30));
            // the ringing phone hears the CANCEL: its call ends without ever being answered
            assertTrue(ringing.awaitOutput(l -> l.toLowerCase(java.util.Locale.ROOT).contains("terminated")
                    || l.toLowerCase(java.util.Locale.ROOT).contains("closed"), Duration.ofSeconds(5)), ringing.tail(30));
            assertTrue(answering.awaitOutput(l -> l.contains("Call established"), Duration.ofSeconds(5)),
                    answering.tail(30));
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next(5, answering.tail(30)));
            assertTrue(answering.awaitOutput(l -> l.contains("session closed"), Duration.ofSeconds(5)),
                    answering.tail(30));
        }
    }

    @Test
    void aPhoneWithoutRegistrationFailsWith480() throws Exception {
        fixture.edge.ringPhone("alice", "+15550100", null, EdgeFixture.SDP, recorder);
        assertEquals("failed 480", next(5, ""));
        assertEquals("ended REMOTE failed 480 Temporarily Unavailable", next(5, ""));
    }

    @Test
    void linphoneRegistersAsAliceAndAnswers() throws Exception {
        PeerProcess.requireOnPath("linphonec");
        Path dir = Files.createDirectories(work.resolve("linphone"));
        // without its database directory, linphone's core never starts its network side
        Files.createDirectories(dir.resolve(".local/share/linphone"));
        int port = FreePorts.tcpAndUdp();
        Files.writeString(dir.resolve("linphonerc"), String.join("\n",
                "[sip]",
                "sip_port=" + port,
                "sip_tcp_port=-1",
                "sip_tls_port=-1",
                "bind_address=127.0.0.1",
                "default_proxy=0",
                "[net]",
                "ipv6=0",
                "[rtp]",
                "audio_rtp_port=42000-42100",
                "[sound]",
                "echocancellation=0",
                "[proxy_0]",
                "reg_proxy=<sip:127.0.0.1:" + fixture.port + ";transport=udp>",
                "reg_identity=sip:alice@127.0.0.1",
                "reg_expires=600",
                "reg_sendregister=1",
                "[auth_info_0]",
                "username=alice",
                "passwd=demo-sip-password",
                "realm=switchboard",
                "domain=127.0.0.1",
                ""));
        // linphonec reads commands from its standard input and quits at its end: keep it open
        try (PeerProcess linphone = PeerProcess.start("linphonec", List.of("sh", "-c",
                "sleep 60 | exec linphonec -c " + dir.resolve("linphonerc") + " -a -d 3"), dir,
                Map.of("HOME", dir.toString()))) {
            awaitBinding(":" + port, linphone);
            CallLeg leg = fixture.edge.ringPhone("alice", "+15550100", null, EdgeFixture.SDP, recorder);
            String answered = next(10, linphone.tail(40));
            assertEquals("answered true", answered, answer);
            leg.hangUp();
            assertEquals("ended LOCAL BYE", next(5, linphone.tail(40)));
        }
    }
}

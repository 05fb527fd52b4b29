package io.switchboard.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.turn.api.TurnServer;
import io.switchboard.turn.api.TurnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coturn's own test client ({@code turnutils_uclient}, Debian {@code coturn}) relays through our server to
 * {@code turnutils_peer} with long-term and REST credentials, over UDP, TCP and TLS, with Send indications
 * and with channels, and loses nothing. Everything on 127.0.0.1, which the server is told is its public
 * address, so loopback peers are on its allow list.
 */
class CoturnClientIT {

    static final String SECRET = "it-turn-secret";
    static final int MESSAGES = 40;

    @TempDir
    static Path work;
    static TurnServer server;
    static PeerProcess peer;
    static int peerPort;

    @BeforeAll
    static void start() throws Exception {
        PeerProcess.requireOnPath("turnutils_uclient");
        PeerProcess.requireOnPath("openssl");
        Path cert = work.resolve("turn.pem");
        Path key = work.resolve("turn.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("openssl.out").toFile()).start();
        assertEquals(0, openssl.waitFor(), "openssl made the test certificate");
        int port = FreePorts.tcpAndUdp();
        int relay = FreePorts.udpRange(200);
        server = TurnServers.start(new TurnSettings("127.0.0.1", "127.0.0.1", port, FreePorts.tcp(), cert, key,
                "switchboard", SECRET, Map.of("turn-demo", "demo-password"), relay, relay + 199,
                List.of("127.0.0.1"), List.of("127.0.0.1"), List.of(port), 50, 1000, 0, 600, 1000));
        peerPort = FreePorts.tcpAndUdp();
        peer = PeerProcess.start("turnutils_peer", List.of("turnutils_peer", "-L", "127.0.0.1", "-p",
                Integer.toString(peerPort)), work, Map.of());
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void udpWithLongTermCredentialsAndChannels() {
        relayWithoutLoss("udp-lt", List.of("-u", "turn-demo", "-w", "demo-password"), server.udpAddress().getPort());
    }

    @Test
    void udpWithSendIndications() {
        relayWithoutLoss("udp-send", List.of("-s", "-u", "turn-demo", "-w", "demo-password"),
                server.udpAddress().getPort());
    }

    @Test
    void udpWithRestCredentials() {
        relayWithoutLoss("udp-rest", List.of("-W", SECRET, "-u", "agent-alice"), server.udpAddress().getPort());
    }

    @Test
    void tcpWithLongTermCredentials() {
        relayWithoutLoss("tcp-lt", List.of("-t", "-u", "turn-demo", "-w", "demo-password"),
                server.tcpAddress().getPort());
    }

    @Test
    void tcpWithRestCredentialsAndSendIndications() {
        relayWithoutLoss("tcp-rest", List.of("-t", "-s", "-W", SECRET, "-u", "agent-bob"),
                server.tcpAddress().getPort());
    }

    @Test
    void tlsWithLongTermCredentials() {
        relayWithoutLoss("tls-lt", List.of("-t", "-S", "-u", "turn-demo", "-w", "demo-password"),
                server.tlsAddress().getPort());
    }

    @Test
    void wrongPasswordRelaysNothing() {
        PeerProcess client = uclient("udp-wrong", List.of("-u", "turn-demo", "-w", "not-the-password"),
                server.udpAddress().getPort());
        client.awaitExit(Duration.ofSeconds(30));
        assertEquals(0, last("tot_recv_msgs", client.output()), client.tail(20));
    }

    /** Loopback is allowed only as the server's own (public) address 127.0.0.1: 127.0.0.2 is refused. */
    @Test
    void aPeerOnAnotherLoopbackAddressIsRefusedWith403() {
        PeerProcess client = PeerProcess.start("udp-127-0-0-2", List.of("turnutils_uclient", "-c", "-n", "5", "-e",
                "127.0.0.2", "-r", Integer.toString(peerPort), "-p", Integer.toString(server.udpAddress().getPort()),
                "-u", "turn-demo", "-w", "demo-password", "127.0.0.1"), work, Map.of());
        client.awaitExit(Duration.ofSeconds(30));
        assertTrue(client.output().contains("error 403"), client.tail(20));
        assertEquals(0, last("tot_recv_msgs", client.output()), client.tail(20));
    }

    private void relayWithoutLoss(String name, List<String> flags, int port) {
        PeerProcess client = uclient(name, flags, port);
        int exit = client.awaitExit(Duration.ofSeconds(60));
        String out = client.output();
        assertEquals(0, exit, client.tail(30));
        assertEquals(MESSAGES, last("tot_send_msgs", out), client.tail(30));
        assertEquals(MESSAGES, last("tot_recv_msgs", out), client.tail(30));
        Matcher lost = Pattern.compile("Total lost packets (\\d+)").matcher(out);
        assertTrue(lost.find(), client.tail(30));
        assertEquals(0, Integer.parseInt(lost.group(1)), client.tail(30));
    }

    /** The last figure uclient printed for {@code name} (its progress lines come first, its totals last). */
    private static int last(String name, String out) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(out);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private PeerProcess uclient(String name, List<String> flags, int port) {
        List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-c", "-n", Integer.toString(MESSAGES),
                "-l", "172", "-z", "5", "-e", "127.0.0.1", "-r", Integer.toString(peerPort), "-p",
                Integer.toString(port)));
        command.addAll(flags);
        command.add("127.0.0.1");
        return PeerProcess.start(name, command, work, Map.of());
    }
}

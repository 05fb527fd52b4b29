package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** baresip, an independent UA, registers as an agent's phone with digest over UDP and TCP, and its binding shows. */
class BaresipRegisterIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        PeerProcess.requireOnPath("baresip");
        fixture = new EdgeFixture(s -> s, List.of(TrunkDefinition.inbound("elsewhere", "198.51.100.0/24")));
        // as the instance keeps it: MD5 HA1 only, so only MD5 is offered (baresip 1.0 answers only the first
        // challenge and knows only MD5: offered SHA-256 first, it gives up with ENOSYS)
        String ha1 = DigestSecret.fromPassword("alice", "switchboard", "demo-sip-password").md5Ha1();
        fixture.edge.setPhoneUsers(Map.of("alice", DigestSecret.md5("switchboard", ha1)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void registers(String transport) throws Exception {
        Path dir = Files.createDirectories(work.resolve("baresip-" + transport));
        int port = FreePorts.tcpAndUdp();
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method poll",
                "sip_listen 127.0.0.1:" + port,
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module_app account.so",
                "module_app menu.so",
                ""));
        Files.writeString(dir.resolve("accounts"), "<sip:alice@127.0.0.1:" + fixture.port + ";transport=" + transport
                + ">;auth_pass=demo-sip-password;regint=600;audio_codecs=PCMU\n");
        try (PeerProcess baresip = PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(), "-t", "8"),
                dir, Map.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            String contact = "127.0.0.1:" + port;
            while (!registered(contact) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(registered(contact), fixture.edge.registrations() + "\n" + baresip.tail(40));
        }
    }

    private boolean registered(String hostPort) {
        return fixture.edge.registrations().getOrDefault("alice", List.of()).stream().anyMatch(c -> c.contains(hostPort));
    }

    @Test
    void baresipRegistersOverUdpAndTcp() throws Exception {
        registers("udp");
        registers("tcp");
        assertEquals(0, fixture.metric("auth_failures_total"));
    }
}

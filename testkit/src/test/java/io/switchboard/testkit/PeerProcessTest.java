package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerProcessTest {
    @TempDir
    Path work;

    @Test
    void capturesOutputAndExitCode() {
        try (PeerProcess p = PeerProcess.start("echo", List.of("sh", "-c", "echo hello; echo oops >&2; exit 3"),
                work, Map.of())) {
            assertEquals(3, p.awaitExit(Duration.ofSeconds(10)));
            assertTrue(p.output().contains("hello"));
            assertTrue(p.output().contains("oops"));
        }
    }

    @Test
    void awaitOutputSeesLinesAndGivesUpAtTheDeadline() {
        try (PeerProcess p = PeerProcess.start("slow", List.of("sh", "-c", "sleep 0.2; echo ready; sleep 30"),
                work, Map.of())) {
            assertTrue(p.awaitOutput(l -> l.equals("ready"), Duration.ofSeconds(10)));
            assertFalse(p.awaitOutput(l -> l.equals("never"), Duration.ofMillis(200)));
        }
    }

    @Test
    void killReachesGrandchildren() throws Exception {
        PeerProcess p = PeerProcess.start("tree", List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), work, Map.of());
        ProcessHandle shell = ProcessHandle.of(p.pid()).orElseThrow();
        Await.until("two sleeping children", Duration.ofSeconds(10), () -> shell.descendants().count() == 2);
        List<ProcessHandle> descendants = shell.descendants().toList();
        assertEquals(2, descendants.size(), "expected two sleeping children");
        p.close();
        for (ProcessHandle child : descendants) {
            assertFalse(child.isAlive(), "child " + child.pid() + " survived");
        }
        assertFalse(p.isAlive());
    }

    @Test
    void awaitExitKillsAndFailsOnTimeout() {
        PeerProcess p = PeerProcess.start("stuck", List.of("sleep", "300"), work, Map.of());
        assertThrows(IllegalStateException.class, () -> p.awaitExit(Duration.ofMillis(300)));
        assertFalse(p.isAlive());
    }

    @Test
    void freePortsAreUsable() throws Exception {
        int port = FreePorts.tcpAndUdp();
        try (var tcp = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
             var udp = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(port, tcp.getLocalPort());
            assertEquals(port, udp.getLocalPort());
        }
        int base = FreePorts.udpRange(10);
        assertEquals(0, base % 2, "RTP ranges start on an even port");
    }
}

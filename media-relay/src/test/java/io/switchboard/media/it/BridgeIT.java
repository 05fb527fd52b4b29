package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real UDP on loopback: tones through a bridge, PCMU to PCMA, no loss, continuous streams. */
class BridgeIT {
    @TempDir
    Path dir;

    @Test
    void tonesCrossTheBridgeBothWaysWithoutLossAndAreTranscoded() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("call-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("call-1", agent, RtpPeer.PCMA, 96);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);

            CompletableFuture<Void> up = CompletableFuture.runAsync(
                    () -> caller.sendTone(1004, 8000, Duration.ofSeconds(2), RtpPeer.PCMU));
            CompletableFuture<Void> down = CompletableFuture.runAsync(
                    () -> agent.sendTone(2000, 8000, Duration.ofSeconds(2), RtpPeer.PCMA));
            CompletableFuture.allOf(up, down).get(10, TimeUnit.SECONDS);

            List<Received> atAgent = agent.await(r -> true, 100, Duration.ofSeconds(3));
            List<Received> atCaller = caller.await(r -> true, 100, Duration.ofSeconds(3));
            assertStream(atAgent, RtpPeer.PCMA, 1004);
            assertStream(atCaller, RtpPeer.PCMU, 2000);

            EndpointStatistics cs = f.relay.statistics(c).get(5, TimeUnit.SECONDS);
            assertEquals(0, cs.packetsLost());
            assertEquals(100, cs.packetsOut());
            assertEquals(0, cs.foreignSourceDropped());
            assertEquals(100, cs.packetsIn());
        }
    }

    /** Exactly 100 packets, one SSRC, consecutive sequence numbers and timestamps, and the tone intact. */
    static void assertStream(List<Received> packets, int payloadType, double hz) {
        assertEquals(100, packets.size(), "packets received");
        assertStreamShape(packets, payloadType, true);
        short[] audio = RtpPeer.decode(packets, payloadType);
        double share = RtpPeer.toneShare(audio, hz);
        assertTrue(share > 0.9, hz + " Hz holds " + share + " of the energy");
    }

    /**
     * One SSRC and payload type, consecutive sequence numbers, timestamps 160 apart ({@code strict}) or
     * advancing by whole frames (a player may skip frames after a long stall), and a plausible step at
     * marked source switches.
     */
    static void assertStreamShape(List<Received> packets, int payloadType, boolean strict) {
        long ssrc = packets.get(0).ssrc();
        for (int i = 0; i < packets.size(); i++) {
            Received p = packets.get(i);
            assertEquals(payloadType, p.payloadType(), "payload type of packet " + i);
            assertEquals(ssrc, p.ssrc());
            if (i > 0) {
                Received prev = packets.get(i - 1);
                assertEquals((prev.sequence() + 1) & 0xFFFF, p.sequence(), "sequence at " + i);
                long step = (p.timestamp() - prev.timestamp()) & 0xFFFFFFFFL;
                if (!p.marker() && strict) {
                    assertEquals(160, step, "timestamp step at " + i);
                } else if (!p.marker()) {
                    assertTrue(step >= 160 && step % 160 == 0 && step <= 160 * 20, "timestamp step " + step + " at " + i);
                } else {
                    assertTrue(step >= 160 && step < 8000, "timestamp step " + step + " at a source switch " + i);
                }
            }
        }
    }

    @Test
    void malformedPacketsFromThePeerAreCountedAndDroppedAndTheCallCarriesOn() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("fuzz-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("fuzz-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            f.relay.collectDigits(c, io.switchboard.media.api.DigitCollection.upTo(4)).get(5, TimeUnit.SECONDS);
            f.relay.startRecording(c, a, "fuzz").get(5, TimeUnit.SECONDS);
            caller.sendTone(1004, 8000, Duration.ofMillis(200), RtpPeer.PCMU); // latch the caller
            java.util.Random rnd = new java.util.Random(4733);
            int sent = 0;
            for (int i = 0; i < 3000; i++) {
                byte[] junk = new byte[rnd.nextInt(300)];
                rnd.nextBytes(junk);
                if (junk.length > 1 && i % 3 == 0) {
                    junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // version 2 with random P/X/CC bits
                    junk[1] = (byte) (i % 2 == 0 ? 101 : (junk[1] & 0x80)); // telephone-event or PCMU
                }
                if (junk.length > 1 && i % 7 == 0) {
                    junk[0] = (byte) 0x81;
                    junk[1] = (byte) 200; // RTCP SR with a random length
                }
                caller.sendRaw(junk);
                sent++;
                if (i % 10 == 9) {
                    // about 2,000 datagrams a second: the socket buffer holds over 100 ms of them, so a busy
                    // machine does not make the kernel drop any (this tests parsing, not kernel drops)
                    Thread.sleep(5);
                }
            }
            agent.clearReceived();
            Thread.sleep(200);
            agent.clearReceived();
            caller.sendTone(1004, 8000, Duration.ofSeconds(2), RtpPeer.PCMU);
            List<Received> atAgent = agent.await(r -> r.payloadType() == 0, 100, Duration.ofSeconds(3));
            assertEquals(100, atAgent.size(), "the call still relays after " + sent + " malformed datagrams");
            short[] audio = RtpPeer.decode(atAgent, RtpPeer.PCMU);
            assertTrue(RtpPeer.toneShare(audio, 1004) > 0.9);
            EndpointStatistics cs = f.relay.statistics(c).get(5, TimeUnit.SECONDS);
            long handled = cs.invalidDropped() + cs.payloadTypeDropped() + cs.rtcpIn() + cs.packetsIn() - 110;
            assertTrue(handled > 0.9 * sent, "every datagram was looked at and accounted for: " + cs);
            assertTrue(cs.invalidDropped() > 1000, cs.toString());
        }
    }

    @Test
    void aPeerBehindNatIsLatchedWithinTheWindowFromAnotherAddressThanSignalled() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            // the caller's SDP names a private address it cannot be reached at; its packets come from loopback
            // (nothing is sent to the private address: the relay waits for the learned source)
            String natOffer = caller.sdpOffer(RtpPeer.PCMU, 101).replace("c=IN IP4 127.0.0.1", "c=IN IP4 10.255.0.7");
            io.switchboard.media.api.NegotiatedEndpoint e = f.relay.answer("nat-1", natOffer).get(5, TimeUnit.SECONDS);
            EndpointId c = e.id();
            caller.remote(new java.net.InetSocketAddress("127.0.0.1", RelayFixture.audioPort(e.localSdp())));
            EndpointId a = f.answer("nat-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> up = CompletableFuture.runAsync(
                    () -> caller.sendTone(1004, 8000, Duration.ofSeconds(1), RtpPeer.PCMU));
            agent.sendTone(2000, 8000, Duration.ofSeconds(1), RtpPeer.PCMU);
            up.get(5, TimeUnit.SECONDS);
            Thread.sleep(100);
            List<Received> atCaller = caller.received();
            assertTrue(atCaller.size() >= 45, "the relay answers to the latched NAT address: " + atCaller.size());
            // strict RTP: the first 3 packets from the unsignalled source learn it (4 in a row latch) and are dropped
            assertEquals(50 - 3, agent.received().size());
        }
    }

    @Test
    void holdAndResumeByReInviteStopAndRestartTheStreamWithoutAJump() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("hold-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("hold-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            agent.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            Thread.sleep(100);
            int beforeHold = caller.received().size();
            assertEquals(20, beforeHold);

            // the caller puts the call on hold (RFC 3264 section 8.4): it will not receive, so we answer recvonly
            String hold = f.relay.update(c, caller.sdpOffer(RtpPeer.PCMU, 101).replace("a=sendrecv", "a=sendonly"))
                    .get(5, TimeUnit.SECONDS);
            assertTrue(hold.contains("a=recvonly"), hold);
            agent.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            Thread.sleep(100);
            assertEquals(beforeHold, caller.received().size(), "nothing is sent to a caller on hold");

            String resume = f.relay.update(c, caller.sdpOffer(RtpPeer.PCMU, 101)).get(5, TimeUnit.SECONDS);
            assertTrue(resume.contains("a=sendrecv"), resume);
            assertTrue(resume.contains("o=switchboard ") && !resume.equals(hold), "a new version of our description");
            agent.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            Thread.sleep(100);
            List<Received> all = caller.received();
            assertEquals(40, all.size());
            assertEquals((all.get(19).sequence() + 1) & 0xFFFF, all.get(20).sequence(), "sequence continues after hold");
            assertEquals(all.get(19).ssrc(), all.get(20).ssrc());
        }
    }

    @Test
    void aForkDeliversTheLegsDecodedAudioUntilStopped() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("fork-1", caller, RtpPeer.PCMA, 101);
            java.util.concurrent.ConcurrentLinkedQueue<short[]> frames = new java.util.concurrent.ConcurrentLinkedQueue<>();
            String fork = f.relay.fork(c, (id, at, samples) -> frames.add(samples)).get(5, TimeUnit.SECONDS);
            caller.sendTone(1004, 8000, Duration.ofSeconds(1), RtpPeer.PCMA);
            Thread.sleep(200);
            assertEquals(50, frames.size());
            short[] all = new short[50 * 160];
            int i = 0;
            for (short[] fr : frames) {
                System.arraycopy(fr, 0, all, i, fr.length);
                i += fr.length;
            }
            assertTrue(RtpPeer.toneShare(all, 1004) > 0.9);
            f.relay.unfork(c, fork).get(5, TimeUnit.SECONDS);
            caller.sendTone(1004, 8000, Duration.ofMillis(200), RtpPeer.PCMA);
            Thread.sleep(100);
            assertEquals(50, frames.size(), "nothing after unfork");
        }
    }

    @Test
    void aSourceThatIsNotTheLatchedPeerCannotInjectAudio() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            RtpPeer attacker = f.peer();
            EndpointId c = f.answer("call-2", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("call-2", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            attacker.remote(caller.remoteAddress());
            long refusedBefore = kernelUdpNoPorts();

            CompletableFuture<Void> legit = CompletableFuture.runAsync(
                    () -> caller.sendTone(1004, 8000, Duration.ofSeconds(2), RtpPeer.PCMU));
            Thread.sleep(200);
            // the attacker floods the caller's relay port with loud 500 Hz in the caller's own SSRC and PT
            CompletableFuture<Void> bleed = CompletableFuture.runAsync(
                    () -> attacker.sendTone(500, 30000, Duration.ofSeconds(1), RtpPeer.PCMU));
            CompletableFuture.allOf(legit, bleed).get(10, TimeUnit.SECONDS);

            List<Received> atAgent = agent.await(r -> true, 100, Duration.ofSeconds(3));
            Thread.sleep(200);
            assertStream(agent.received(), RtpPeer.PCMU, 1004);
            assertEquals(100, atAgent.size());
            // the latch settled on the caller's first packet and the socket was connected to it, so the kernel
            // refuses the attacker's datagrams before they reach us
            EndpointStatistics cs = f.relay.statistics(c).get(5, TimeUnit.SECONDS);
            assertEquals(0, cs.foreignSourceDropped(), "nothing foreign reached the endpoint");
            assertTrue(kernelUdpNoPorts() - refusedBefore >= 50, "every attacker packet was refused by the kernel");
            assertTrue(attacker.received().isEmpty(), "nothing is sent to the attacker");
        }
    }

    @Test
    void aStrangerBeforeTheLatchSettlesIsCountedAndDropped() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            RtpPeer stranger = f.peer();
            EndpointId c = f.answer("call-3", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("call-3", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            // a wrong payload type never latches, so nothing is settled and the socket stays open to all
            stranger.remote(caller.remoteAddress());
            stranger.sendTone(500, 30000, Duration.ofMillis(200), 18);
            Thread.sleep(100);
            assertEquals(10, f.relay.statistics(c).get(5, TimeUnit.SECONDS).foreignSourceDropped());
            assertTrue(agent.received().isEmpty());

            caller.sendTone(1004, 8000, Duration.ofSeconds(2), RtpPeer.PCMU);
            assertStream(agent.await(r -> true, 100, Duration.ofSeconds(3)), RtpPeer.PCMU, 1004);
        }
    }

    @Test
    void aPeerWhosePortGoesAwayAndThatMovesByReInviteIsFollowed() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("move-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("move-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            caller.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            agent.await(r -> true, 20, Duration.ofSeconds(3));

            // the agent's phone goes away (its port now answers with ICMP unreachable) and comes back elsewhere
            agent.close();
            caller.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            RtpPeer moved = f.peer();
            f.relay.update(a, moved.sdpOffer(RtpPeer.PCMU, 101)).get(5, TimeUnit.SECONDS);
            moved.remote(agent.remoteAddress());
            caller.clearReceived();
            moved.sendTone(2000, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            caller.sendTone(1004, 8000, Duration.ofSeconds(2), RtpPeer.PCMU);
            assertStream(moved.await(r -> true, 100, Duration.ofSeconds(3)).subList(0, 100), RtpPeer.PCMU, 1004);
            assertEquals(20, caller.await(r -> true, 20, Duration.ofSeconds(3)).size(), "the moved agent is heard");
        }
    }

    /** The kernel's count of UDP datagrams that found no socket to take them (Linux). */
    private static long kernelUdpNoPorts() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(Path.of("/proc/net/snmp")).stream()
                .filter(l -> l.startsWith("Udp: ")).toList();
        List<String> names = List.of(lines.get(0).split(" "));
        return Long.parseLong(lines.get(1).split(" ")[names.indexOf("NoPorts")]);
    }
}

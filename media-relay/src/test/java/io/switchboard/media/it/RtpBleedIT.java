package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.testkit.RtpPeer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTP Bleed: a host on another loopback address sprays the caller's relay port during the first second of a
 * bridged call, before the caller's first packet, with packets as good as a real peer's (one SSRC, consecutive
 * sequence numbers, the negotiated payload type). It hears nothing of the agent, and the agent hears none of it;
 * then the caller's own audio goes through.
 */
class RtpBleedIT {
    @TempDir
    Path dir;

    @Test
    void aSprayerBeforeTheCallersFirstPacketIsNeitherHeardNorAnswered() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30));
                DatagramSocket sprayer = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("bleed-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("bleed-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            InetSocketAddress callerSide = caller.remoteAddress();

            CompletableFuture<Void> agentTalks = CompletableFuture.runAsync(
                    () -> agent.sendTone(2000, 8000, Duration.ofSeconds(1), RtpPeer.PCMU));
            for (int seq = 0; seq < 50; seq++) {
                byte[] packet = ByteBuffer.allocate(12 + 160).put((byte) 0x80).put((byte) RtpPeer.PCMU)
                        .putShort((short) seq).putInt(seq * 160).putInt(0x5EED).array();
                sprayer.send(new DatagramPacket(packet, packet.length, callerSide));
                Thread.sleep(20); // as a real peer paces its packets
            }
            agentTalks.get(5, TimeUnit.SECONDS);
            sprayer.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> sprayer.receive(new DatagramPacket(new byte[2048], 2048)),
                    "the agent's audio went to the sprayer");
            assertEquals(0, agent.received().size(), "the sprayer's audio reached the agent");

            caller.sendTone(1004, 8000, Duration.ofSeconds(1), RtpPeer.PCMU);
            java.util.List<RtpPeer.Received> heard = agent.await(p -> p.payloadType() == RtpPeer.PCMU, 45,
                    Duration.ofSeconds(3));
            assertTrue(heard.size() >= 45, "the caller's audio did not go through: " + heard.size());
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(heard, RtpPeer.PCMU), 1004) > 0.8,
                    "what the agent hears is the caller's tone");
        }
    }
}

package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.EndpointStatistics;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTCP over the wire with rtcp-mux: the relay reports, and reads the peer's report about its stream. */
class RtcpIT {
    @TempDir
    Path dir;

    @Test
    void sendsSenderReportsWithCnameAndReadsThePeersReceiverReport() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            String offer = caller.sdpOffer(RtpPeer.PCMU, 101).replace("a=sendrecv", "a=rtcp-mux\r\na=sendrecv");
            NegotiatedEndpoint e = f.relay.answer("rtcp-1", offer).get(5, TimeUnit.SECONDS);
            assertTrue(e.localSdp().contains("a=rtcp-mux"), e.localSdp());
            EndpointId c = e.id();
            caller.remote(new InetSocketAddress("127.0.0.1", RelayFixture.audioPort(e.localSdp())));
            f.relay.play(c, io.switchboard.media.api.PlaybackRequest.once(tone())).get(5, TimeUnit.SECONDS);
            caller.sendTone(1004, 8000, Duration.ofSeconds(1), RtpPeer.PCMU);

            List<Received> reports = caller.await(r -> (r.data()[1] & 0xFF) == 200, 1, Duration.ofSeconds(6));
            assertFalse(reports.isEmpty(), "a sender report within the first interval");
            byte[] sr = reports.get(0).data();
            int srLength = 4 * ((((sr[2] & 0xFF) << 8) | (sr[3] & 0xFF)) + 1);
            assertEquals(1, sr[0] & 0x1F, "one report block, about the caller's stream");
            assertEquals(caller.ssrc(), ByteBuffer.wrap(sr, 28, 4).getInt(), "the block is about the caller's SSRC");
            assertEquals(202, sr[srLength + 1] & 0xFF, "SDES follows in the compound packet");

            // the caller reports 25% loss of the relay's stream
            long relaySsrc = ByteBuffer.wrap(sr, 4, 4).getInt() & 0xFFFFFFFFL;
            ByteBuffer rr = ByteBuffer.allocate(32);
            rr.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(caller.ssrc());
            rr.putInt((int) relaySsrc).put((byte) 64).put((byte) 0).putShort((short) 12).putInt(100).putInt(40)
                    .putInt(0).putInt(0);
            caller.sendRaw(rr.array());
            Thread.sleep(200);
            EndpointStatistics s = f.relay.statistics(c).get(5, TimeUnit.SECONDS);
            assertEquals(1, s.rtcpIn());
            assertEquals(0.25, s.remoteFractionLost(), 1e-9);
            assertEquals(12, s.remotePacketsLost());
            assertEquals(5.0, s.remoteJitterMillis(), 1e-9);
            assertTrue(s.rtcpOut() >= 1);
        }
    }

    private Path tone() throws Exception {
        Path p = dir.resolve("t.wav");
        java.nio.file.Files.write(p, io.switchboard.media.codec.WavWriter.monoPcm(8000, RtpPeer.tone(440, 4000, 8000)));
        return p;
    }
}

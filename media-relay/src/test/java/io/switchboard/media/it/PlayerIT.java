package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.RtpPeer.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt playback over real UDP: pacing, completion, barge-in, and continuity when the bridge takes over. */
class PlayerIT {
    @TempDir
    Path dir;

    private Path wav(String name, double hz, int millis) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, WavWriter.monoPcm(8000, RtpPeer.tone(hz, 8000, millis * 8)));
        return p;
    }

    @Test
    void packetsArrive20MsApartWithLowJitterAndPlaybackCompletes() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("play-1", caller, RtpPeer.PCMU, 101);
            long id = f.relay.play(c, PlaybackRequest.once(wav("hello.wav", 440, 3000))).get(5, TimeUnit.SECONDS);
            RelayFixture.Event done = f.next("playback", c, Duration.ofSeconds(6));
            assertNotNull(done);
            assertEquals(id + "/COMPLETED", done.detail());
            List<Received> packets = caller.await(r -> true, 150, Duration.ofSeconds(1));
            assertEquals(150, packets.size());
            BridgeIT.assertStreamShape(packets, RtpPeer.PCMU, false);
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(packets, RtpPeer.PCMU), 440) > 0.9);

            double[] deviationMs = new double[packets.size() - 1];
            for (int i = 1; i < packets.size(); i++) {
                double gap = (packets.get(i).arrivalNanos() - packets.get(i - 1).arrivalNanos()) / 1e6;
                deviationMs[i - 1] = Math.abs(gap - 20.0);
            }
            double spanMs = (packets.get(packets.size() - 1).arrivalNanos() - packets.get(0).arrivalNanos()) / 1e6;
            Arrays.sort(deviationMs);
            double p95 = deviationMs[(int) Math.floor(0.95 * (deviationMs.length - 1))];
            double p99 = deviationMs[(int) Math.floor(0.99 * (deviationMs.length - 1))];
            double jitterMs = rfc3550JitterMs(packets);
            System.out.printf("player pacing: %d packets over %.1f ms, deviation from 20 ms p50 %.3f p95 %.3f p99 %.3f"
                    + " ms, RFC 3550 jitter %.3f ms%n", packets.size(), spanMs, deviationMs[deviationMs.length / 2],
                    p95, p99, jitterMs);
            assertEquals(149 * 20.0, spanMs, 10.0, "no drift over 3 s");
            // The test shares two cores with whatever else runs (builds, other tests), so scheduling hiccups
            // of the receiving thread are tolerated in the tail; the median and the smoothed jitter must stay
            // low. bench/media measures the tail with a thousand players on a quiet machine.
            assertTrue(deviationMs[deviationMs.length / 2] < 1.0, "median deviation from 20 ms");
            assertTrue(deviationMs[(int) (0.8 * deviationMs.length)] < 5.0, "80% of packets within 5 ms of 20 ms");
        }
    }

    /** RFC 3550 section 6.4.1 interarrival jitter at the receiver, in milliseconds. */
    static double rfc3550JitterMs(List<Received> packets) {
        double jitter = 0;
        for (int i = 1; i < packets.size(); i++) {
            double arrival = (packets.get(i).arrivalNanos() - packets.get(i - 1).arrivalNanos()) / 125_000.0;
            double sent = packets.get(i).timestamp() - packets.get(i - 1).timestamp();
            jitter += (Math.abs(arrival - sent) - jitter) / 16;
        }
        return jitter / 8;
    }

    @Test
    void aKeyPressStopsABargeInPromptAndTheBridgeContinuesTheSameStream() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("play-2", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("play-2", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            long id = f.relay.play(c, PlaybackRequest.files(List.of(wav("music.wav", 440, 1000)), true, true))
                    .get(5, TimeUnit.SECONDS);
            // the agent talks while hold music plays: the caller hears only the music (the player outranks relay)
            CompletableFuture<Void> talk = CompletableFuture.runAsync(
                    () -> agent.sendTone(1004, 8000, Duration.ofMillis(2400), RtpPeer.PCMU));
            Thread.sleep(1000);
            caller.sendDtmfEvents("3", 101, RtpPeer.PCMU);
            RelayFixture.Event done = f.next("playback", c, Duration.ofSeconds(2));
            assertNotNull(done);
            assertEquals(id + "/STOPPED_BY_DTMF", done.detail());
            talk.get(5, TimeUnit.SECONDS);
            Thread.sleep(100);

            List<Received> heard = caller.received();
            BridgeIT.assertStreamShape(heard, RtpPeer.PCMU, false);
            int switchAt = -1;
            for (int i = 1; i < heard.size(); i++) {
                if (heard.get(i).marker()) {
                    switchAt = i;
                }
            }
            assertTrue(switchAt > 40, "the stream switched from the prompt to the agent at packet " + switchAt);
            short[] before = RtpPeer.decode(heard.subList(5, switchAt - 1), RtpPeer.PCMU);
            short[] after = RtpPeer.decode(heard.subList(switchAt + 1, heard.size() - 1), RtpPeer.PCMU);
            assertTrue(RtpPeer.toneShare(before, 440) > 0.9, "music before the key press");
            assertTrue(RtpPeer.toneShare(after, 1004) > 0.9, "the agent after it");
        }
    }

    @Test
    void aBadPromptFailsThePlaybackWithAClearError() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("play-3", caller, RtpPeer.PCMU, 101);
            Path bad = dir.resolve("stereo.wav");
            byte[] mono = WavWriter.monoPcm(8000, new short[800]);
            mono[22] = 2; // channel count
            Files.write(bad, mono);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> f.relay.play(c, PlaybackRequest.once(bad)).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("2 channels, prompts must be mono"), e.getCause().getMessage());
            assertNotNull(f.next("playback", c, Duration.ofSeconds(2)));
        }
    }

    @Test
    void silenceRaisesAMediaTimeout() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofMillis(500))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("timeout-1", caller, RtpPeer.PCMU, 101);
            caller.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            long quietSince = System.nanoTime();
            assertNotNull(f.next("timeout", c, Duration.ofSeconds(3)));
            long ms = (System.nanoTime() - quietSince) / 1_000_000;
            assertTrue(ms >= 400 && ms < 1500, "timeout after " + ms + " ms of silence");
            assertEquals(null, f.next("timeout", c, Duration.ofMillis(800)), "reported once per silence");

            // an endpoint that offered and is still waiting for the answer (the agent's phone rings) never times out
            EndpointId ringing = f.relay.offer("timeout-1").get(5, TimeUnit.SECONDS).id();
            assertEquals(null, f.next("timeout", ringing, Duration.ofMillis(1500)));
        }
    }
}

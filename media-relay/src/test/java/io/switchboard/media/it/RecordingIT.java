package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.codec.WavWriter;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.RtpPeer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stereo recording of a bridged two-tone call, checked with sox; the file is playable while recording. */
class RecordingIT {
    @TempDir
    Path dir;

    @Test
    void eachPartyIsOnItsOwnChannelAndTheFileIsValidWhileRecording() throws Exception {
        PeerProcess.requireOnPath("sox");
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("rec-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("rec-1", agent, RtpPeer.PCMA, 96);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            RecordingId rec = f.relay.startRecording(c, a, "contact-123").get(5, TimeUnit.SECONDS);

            CompletableFuture<Void> customer = CompletableFuture.runAsync(
                    () -> caller.sendTone(500, 8000, Duration.ofSeconds(3), RtpPeer.PCMU));
            CompletableFuture<Void> agentTalk = CompletableFuture.runAsync(
                    () -> agent.sendTone(1500, 8000, Duration.ofSeconds(3), RtpPeer.PCMA));
            Thread.sleep(2200);
            Path file = find(dir, "contact-123.wav");
            // a crash now leaves what the header says: copy the file mid-call and let sox read it
            Path snapshot = dir.resolve("snapshot.wav");
            Files.copy(file, snapshot);
            String info = sox(List.of("sox", "--i", "-D", snapshot.toString())).trim();
            double snapshotSeconds = Double.parseDouble(info);
            assertTrue(snapshotSeconds >= 0.8, "mid-call header covers " + snapshotSeconds + " s");

            CompletableFuture.allOf(customer, agentTalk).get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            f.relay.stopRecording(rec).get(5, TimeUnit.SECONDS);
            RelayFixture.Event closed = f.next("recording", null, Duration.ofSeconds(5));
            assertNotNull(closed, "recording closed event");
            assertTrue(closed.detail().startsWith(file.toString()), closed.detail());

            String header = sox(List.of("sox", "--i", file.toString()));
            assertTrue(header.contains("Channels       : 2"), header);
            assertTrue(header.contains("Sample Rate    : 8000"), header);
            double seconds = Double.parseDouble(sox(List.of("sox", "--i", "-D", file.toString())).trim());
            assertTrue(seconds > 2.9 && seconds < 4.0, "duration " + seconds);
            assertTrue(file.toString().matches(".*/\\d{4}/\\d{2}/\\d{2}/contact-123\\.wav"), file.toString());

            double left = roughFrequency(file, 1);
            double right = roughFrequency(file, 2);
            assertEquals(500, left, 60, "customer (left) channel frequency");
            assertEquals(1500, right, 150, "agent (right) channel frequency");
        }
    }

    @Test
    void anIvrRecordingHasTheCallerOnTheLeftAndWhatTheCallerHearsOnTheRight() throws Exception {
        PeerProcess.requireOnPath("sox");
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            EndpointId c = f.answer("ivr-1", caller, RtpPeer.PCMA, 101);
            Path prompt = dir.resolve("prompt-1000hz.wav");
            Files.write(prompt, WavWriter.monoPcm(8000, RtpPeer.tone(1000, 8000, 8000 * 3)));
            RecordingId rec = f.relay.startRecording(c, null, "ivr-contact").get(5, TimeUnit.SECONDS);
            f.relay.play(c, PlaybackRequest.files(List.of(prompt), false, false))
                    .get(5, TimeUnit.SECONDS);
            caller.sendTone(400, 8000, Duration.ofSeconds(3), RtpPeer.PCMA);
            Thread.sleep(200);
            f.relay.stopRecording(rec).get(5, TimeUnit.SECONDS);
            assertNotNull(f.next("recording", null, Duration.ofSeconds(5)), "recording closed event");

            Path file = find(dir, "ivr-contact.wav");
            assertEquals(400, roughFrequency(file, 1), 50, "the caller (left) channel frequency");
            assertEquals(1000, roughFrequency(file, 2), 100, "the prompt the caller heard (right) channel frequency");
        }
    }

    /** sox's "Rough frequency" of one channel (remix picks it). */
    private double roughFrequency(Path file, int channel) {
        String out = sox(List.of("sox", file.toString(), "-n", "remix", String.valueOf(channel), "stat"));
        Matcher m = Pattern.compile("Rough\\s+frequency:\\s+(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    private String sox(List<String> command) {
        try (PeerProcess p = PeerProcess.start("sox", command, dir.resolve("sox-" + System.nanoTime()), Map.of())) {
            assertEquals(0, p.awaitExit(Duration.ofSeconds(10)), p.output());
            return p.output();
        }
    }

    private static Path find(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}

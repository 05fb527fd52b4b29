package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow that turns on IVR recording ({@code IVRRecordingBehavior: Enabled}) leaves
 * {@code recordings/YYYY/MM/DD/<ContactId>.wav} in the data directory: the caller on the left channel and
 * the welcome prompt the caller heard on the right.
 */
class IvrRecordingIT {
    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path flow = instance.resolve("flows/demo-inbound.json");
        String original = Files.readString(flow);
        String participants = "\"RecordedParticipants\": [\"Agent\", \"Customer\"]";
        String recorded = original.replace(participants,
                participants + ",\n          \"IVRRecordingBehavior\": \"Enabled\"");
        assertTrue(!recorded.equals(original), "the demo flow's recording block changed shape");
        Files.writeString(flow, recorded);
        return instance;
    });
    @TempDir
    Path work;

    @Test
    void theIvrPartIsRecordedWithTheCallerLeftAndThePromptRight() throws Exception {
        try (RtpPeer caller = RtpPeer.open();
                Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                        .name("ivr-recording")
                        .target("127.0.0.1", server.sipPort())
                        .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port()))
                        .traceMessages()
                        .calls(1).callDuration(Duration.ofSeconds(4)).timeout(Duration.ofSeconds(25)).start(work)) {
            String contact = IvrCall.follow(server, sipp, caller).contactId();
            List<RtpPeer.Received> first = caller.await(p -> p.payloadType() == RtpPeer.PCMU, 1, Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "the welcome prompt did not play");
            caller.remote(first.get(0).from());
            caller.sendTone(400, 8000, Duration.ofSeconds(3), RtpPeer.PCMU);
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(20));
            assertEquals(0, result.exitCode(), result.describe());

            Path file = awaitRecording(server.dataDir().resolve("recordings"), contact + ".wav");
            assertTrue(file.toString().matches(".*/recordings/\\d{4}/\\d{2}/\\d{2}/[^/]+\\.wav"), file.toString());
            short[][] channels = stereo(file);
            double callerShare = RtpPeer.toneShare(audible(channels[0]), 400);
            assertTrue(callerShare > 0.8, "the caller's 400 Hz holds " + callerShare + " of the left channel");
            // both from their first audible sample, give or take 40 ms; the call ended before the prompt did
            double heard = PromptAudio.correlationAround(audible(channels[1]),
                    audible(PromptAudio.pcm16(server.instanceDir().resolve("prompts/welcome.wav"))), -320, 320);
            assertTrue(heard > 0.9, "the right channel is not the welcome prompt (correlation " + heard + ")");
        }
    }

    /**
     * Waits for the recording {@code name} under {@code root} to be complete: the recorder writes the WAV
     * header's sizes last when it closes the file (and refreshes them every second while it records, with
     * frames every 20 ms), so the file is done once its RIFF size matches its length and it stopped growing.
     */
    private static Path awaitRecording(Path root, String name) {
        long[] seen = {-1, 0}; // length, and when it was first seen at that length
        return Await.value("a complete recording " + name + " under " + root, Duration.ofSeconds(10), () -> {
            if (!Files.isDirectory(root)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.walk(root)) {
                Optional<Path> found = files.filter(p -> p.getFileName().toString().equals(name)).findFirst();
                if (found.isEmpty() || !headerComplete(found.get())) {
                    return Optional.empty();
                }
                long length = Files.size(found.get());
                if (length != seen[0]) {
                    seen[0] = length;
                    seen[1] = System.nanoTime();
                    return Optional.empty();
                }
                return System.nanoTime() - seen[1] >= 200_000_000L ? found : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean headerComplete(Path wav) {
        try {
            byte[] bytes = Files.readAllBytes(wav);
            if (bytes.length <= 44) {
                return false;
            }
            int riffSize = ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            return riffSize == bytes.length - 8;
        } catch (IOException e) {
            return false;
        }
    }

    /** Left and right 16-bit samples of a stereo WAV. */
    private static short[][] stereo(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals(2, format.getChannels(), format.toString());
            assertEquals(8000f, format.getSampleRate(), format.toString());
            ByteBuffer pcm = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            int frames = pcm.remaining() / 4;
            short[][] channels = new short[2][frames];
            for (int i = 0; i < frames; i++) {
                channels[0][i] = pcm.getShort();
                channels[1][i] = pcm.getShort();
            }
            return channels;
        }
    }

    /** The samples from the first to the last audible one (the caller is silent before and after the tone). */
    private static short[] audible(short[] samples) {
        int start = 0;
        int end = samples.length;
        while (start < end && Math.abs(samples[start]) < 64) {
            start++;
        }
        while (end > start && Math.abs(samples[end - 1]) < 64) {
            end--;
        }
        return java.util.Arrays.copyOfRange(samples, start, end);
    }

}

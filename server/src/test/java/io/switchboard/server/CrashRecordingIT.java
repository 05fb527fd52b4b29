package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a recorded call, then a restart on the same data directory: the recording's WAV header,
 * refreshed only once a second while recording, counts every whole frame that reached the disk.
 */
class CrashRecordingIT {
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
    void aRecordingCutByKillMinus9HasItsHeaderRepairedOnRestart() throws Exception {
        Path recordings = server.dataDir().resolve("recordings");
        Path instance = server.instanceDir();
        Path file;
        try (RtpPeer caller = RtpPeer.open();
                Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                        .name("crash-recording")
                        .target("127.0.0.1", server.sipPort())
                        .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port()))
                        .traceMessages()
                        .calls(1).callDuration(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(40)).start(work)) {
            String contact = IvrCall.follow(server, sipp, caller).contactId();
            List<RtpPeer.Received> first = caller.await(p -> p.payloadType() == RtpPeer.PCMU, 1, Duration.ofSeconds(5));
            assertFalse(first.isEmpty(), "the welcome prompt did not play");
            caller.remote(first.get(0).from());
            caller.sendTone(400, 8000, Duration.ofMillis(2500), RtpPeer.PCMU);
            file = Await.value("the recording " + contact + ".wav with 2 s of audio", Duration.ofSeconds(10),
                    () -> find(recordings, contact + ".wav").filter(p -> size(p) > 44 + 2 * 32_000));
            server.process().kill(); // SIGKILL: no final header
            sipp.stop();
        }
        long length = size(file);
        long before = dataSize(file);
        // the header is refreshed once a second and frames arrive every 20 ms: it almost always lags here
        System.out.println("after kill -9: " + (length - 44) + " bytes of audio, header counts " + before);

        SwitchboardProcess restarted = SwitchboardProcess.launch(server.workDir(),
                List.of("--instance", instance.toString()), Map.of());
        try {
            assertTrue(restarted.awaitReady(SwitchboardProcess.READY_TIMEOUT), restarted.process().tail(40));
            long data = (length - 44) - (length - 44) % 4;
            assertEquals(data, dataSize(file), "the header counts every whole stereo frame on disk");
            assertEquals(36 + data, riffSize(file));
            assertTrue(data >= 2 * 32_000, "at least 2 s of audio survived: " + data);
        } finally {
            restarted.stop(Duration.ofSeconds(40));
            restarted.close();
        }
    }

    private static Optional<Path> find(Path root, String name) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long dataSize(Path wav) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN).getInt(40) & 0xFFFFFFFFL;
    }

    private static long riffSize(Path wav) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL;
    }
}

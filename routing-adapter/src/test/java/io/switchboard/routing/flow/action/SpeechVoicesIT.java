package io.switchboard.routing.flow.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PeerProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Amazon Polly voice a flow may name maps to a voice and variant the relay's espeak-ng can speak. */
class SpeechVoicesIT {

    @TempDir
    Path dir;

    @Test
    void everyMappedVoiceIsInstalled() throws Exception {
        PeerProcess.requireOnPath("espeak-ng");
        int base = FreePorts.udpRange(4);
        MediaRelaySettings settings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1", base,
                base + 3, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(2), dir, 1);
        List<String> missing = new ArrayList<>();
        try (MediaRelay relay = MediaRelays.start(settings, new MediaEventListener() { })) {
            for (String voice : SpeechVoices.espeakVoices()) {
                try {
                    relay.checkSpeech(voice).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    missing.add(e.getCause().getMessage());
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(SpeechVoices.espeakVoices().contains(SpeechVoices.DEFAULT_ESPEAK_VOICE), "the default is mapped");
    }
}

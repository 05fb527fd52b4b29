package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.codec.G711;
import io.switchboard.media.player.EspeakSynthesizer;
import io.switchboard.media.player.ShippedSpeech;
import io.switchboard.testkit.RtpPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay on a machine without espeak-ng (its synthesizer points at a program that does not exist): the
 * built-in flows' text still speaks, from the renderings in the jar, sample for sample; the load-time checks
 * accept that text and refuse any other, and the engine check says espeak-ng is missing.
 */
class ShippedSpeechIT {
    private static final String MISSING = "/nonexistent/espeak-ng";
    private static final PromptItem.Speech CUSTOMER_QUEUE = new PromptItem.Speech("Thank you for calling. Your call "
            + "is very important to us and will be answered in the order it was received.", "en-us+f3", false);

    @TempDir
    Path dir;

    @Test
    void theBuiltInTextSpeaksFromTheJarAndOnlyItPassesTheCheck() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30), new EspeakSynthesizer(MISSING))) {
            ExecutionException engine = assertThrows(ExecutionException.class,
                    () -> f.relay.checkSpeechEngine().get(10, TimeUnit.SECONDS));
            assertEquals(MISSING + " missing", engine.getCause().getMessage());

            f.relay.checkSpeech(List.of(CUSTOMER_QUEUE, new PromptItem.Speech("Sales", "en-us+f3")))
                    .get(10, TimeUnit.SECONDS);
            ExecutionException custom = assertThrows(ExecutionException.class, () -> f.relay.checkSpeech(
                    List.of(CUSTOMER_QUEUE, new PromptItem.Speech("Hello.", "en-us+f3"))).get(10, TimeUnit.SECONDS));
            assertTrue(custom.getCause().getMessage().contains("cannot be run"), custom.getCause().getMessage());

            RtpPeer caller = f.peer();
            EndpointId c = f.answer("shipped-1", caller, RtpPeer.PCMU, 101);
            f.relay.play(c, PlaybackRequest.speak(CUSTOMER_QUEUE.text(), CUSTOMER_QUEUE.voice(), false))
                    .get(10, TimeUnit.SECONDS);
            List<RtpPeer.Received> heard = caller.await(p -> p.payloadType() == RtpPeer.PCMU, 50, Duration.ofSeconds(5));
            assertTrue(heard.size() >= 50, "heard " + heard.size() + " packets of the shipped rendering");
            short[] rendering = ShippedSpeech.builtIn().samples(CUSTOMER_QUEUE).orElseThrow();
            for (int p = 0; p < 50; p++) {
                byte[] expected = new byte[160];
                for (int i = 0; i < 160; i++) {
                    expected[i] = G711.linearToUlaw(rendering[p * 160 + i]);
                }
                assertArrayEquals(expected, heard.get(p).payload(), "packet " + p + " is not the shipped rendering");
            }
            f.relay.stopPlayback(c).get(5, TimeUnit.SECONDS);
        }
    }
}

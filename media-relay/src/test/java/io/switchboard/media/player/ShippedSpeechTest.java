package io.switchboard.media.player;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.codec.WavReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The built-in flows' text speaks from the renderings in the jar, without the synthesizer. */
class ShippedSpeechTest {
    /** What the default customer queue flow says, in the default flows' voice (Joanna: en-us+f3). */
    static final PromptItem.Speech CUSTOMER_QUEUE = new PromptItem.Speech("Thank you for calling. Your call is very "
            + "important to us and will be answered in the order it was received.", "en-us+f3", false);

    /** A synthesizer that cannot run, as on a machine without espeak-ng; remembers what it was asked. */
    private static final class NoEngine implements SpeechSynthesizer {
        final List<PromptItem.Speech> asked = new ArrayList<>();

        @Override
        public short[] synthesize(PromptItem.Speech speech) throws IOException {
            asked.add(speech);
            throw new IOException("text-to-speech needs espeak-ng, which cannot be run");
        }

        @Override
        public void checkAvailable(String voice) {
            throw new IllegalStateException("text-to-speech needs espeak-ng, which cannot be run");
        }
    }

    private final NoEngine engine = new NoEngine();
    private final SpeechCache cache = new SpeechCache(engine, Runnable::run);

    @Test
    void theJarShipsTheBuiltInTextAndTheDemoQueueNames() {
        ShippedSpeech shipped = ShippedSpeech.builtIn();
        assertTrue(shipped.has(CUSTOMER_QUEUE));
        assertTrue(shipped.has(new PromptItem.Speech("Sales", "en-us+f3")));
        assertTrue(shipped.has(new PromptItem.Speech("Support", "en-us+f3")));
        assertEquals(3, shipped.size());
    }

    @Test
    void aShippedRenderingIsSpokenWithoutTheSynthesizer() throws Exception {
        Prompt prompt = cache.get(CUSTOMER_QUEUE).join();
        assertEquals(List.of(), engine.asked, "the synthesizer must not run for shipped text");
        short[] wav;
        try (InputStream in = getClass().getResourceAsStream(ShippedSpeech.DIRECTORY + "customer-queue.wav")) {
            wav = WavReader.decode("customer-queue.wav", in.readAllBytes());
        }
        assertArrayEquals(wav, ShippedSpeech.builtIn().samples(CUSTOMER_QUEUE).orElseThrow());
        assertTrue(wav.length > 8000 * 4, "about six seconds of speech, got " + wav.length + " samples");
        assertEquals(prompt, cache.get(CUSTOMER_QUEUE).join(), "kept like any rendering");
    }

    @Test
    void onlyAnExactMatchOfTextVoiceAndKindIsShipped() {
        String text = CUSTOMER_QUEUE.text();
        for (PromptItem.Speech other : List.of(new PromptItem.Speech(text, "en-us+m3"),
                new PromptItem.Speech(text, "en-us+f3", true),
                new PromptItem.Speech(text.replace("received.", "received"), "en-us+f3"))) {
            assertFalse(ShippedSpeech.builtIn().has(other), other.toString());
            CompletionException e = assertThrows(CompletionException.class, () -> cache.get(other).join());
            assertTrue(e.getCause().getMessage().contains("espeak-ng"), e.getCause().toString());
        }
        assertEquals(3, engine.asked.size(), "each was handed to the synthesizer: " + engine.asked);
    }

    @Test
    void withNoShippedRenderingsEverythingGoesToTheSynthesizer() {
        SpeechCache bare = new SpeechCache(engine, ShippedSpeech.none(), Runnable::run);
        assertThrows(CompletionException.class, () -> bare.get(CUSTOMER_QUEUE).join());
        assertEquals(List.of(CUSTOMER_QUEUE), engine.asked);
    }
}

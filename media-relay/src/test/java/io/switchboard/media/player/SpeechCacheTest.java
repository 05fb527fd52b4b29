package io.switchboard.media.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.SpeechSynthesizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One synthesis per text, voice and kind; failures are tried again. */
class SpeechCacheTest {

    /** Says 160 samples of silence per request, or fails for the voice "broken". */
    private static final class FakeSynthesizer implements SpeechSynthesizer {
        final List<PromptItem.Speech> asked = new ArrayList<>();

        @Override
        public short[] synthesize(PromptItem.Speech speech) throws IOException {
            asked.add(speech);
            if (speech.voice().equals("broken")) {
                throw new IOException("no voice 'broken'");
            }
            return new short[160];
        }

        @Override
        public void checkAvailable(String voice) {
        }
    }

    private final FakeSynthesizer synthesizer = new FakeSynthesizer();
    private final SpeechCache cache = new SpeechCache(synthesizer, Runnable::run);

    @Test
    void theSameTextVoiceAndKindIsSynthesizedOnce() {
        Prompt first = cache.get(new PromptItem.Speech("Hello.", "en-us+f3")).join();
        assertSame(first, cache.get(new PromptItem.Speech("Hello.", "en-us+f3", false)).join());
        assertEquals(1, synthesizer.asked.size());
    }

    @Test
    void ssmlAndAnotherVoiceOrVariantAreOtherEntries() {
        cache.get(new PromptItem.Speech("Hello.", "en-us+f3")).join();
        cache.get(new PromptItem.Speech("Hello.", "en-us+f3", true)).join();
        cache.get(new PromptItem.Speech("Hello.", "en-us+m3")).join();
        cache.get(new PromptItem.Speech("Hello.", "en-us")).join();
        assertEquals(4, synthesizer.asked.size());
        assertEquals(4, cache.size());
    }

    @Test
    void aFailureIsNotKept() {
        PromptItem.Speech broken = new PromptItem.Speech("Hello.", "broken");
        CompletionException e = assertThrows(CompletionException.class, () -> cache.get(broken).join());
        assertTrue(e.getCause().getMessage().contains("no voice 'broken'"), e.getCause().getMessage());
        assertEquals(0, cache.size());
        assertThrows(CompletionException.class, () -> cache.get(broken).join());
        assertEquals(2, synthesizer.asked.size());
    }

    @Test
    void leastRecentlyUsedRenderingsMakeRoom() {
        PromptItem.Speech greeting = new PromptItem.Speech("Welcome.", "en-us");
        cache.get(greeting).join();
        for (int i = 0; i < SpeechCache.CAPACITY; i++) {
            cache.get(new PromptItem.Speech("Your balance is " + i + " dollars.", "en-us")).join();
            if (i % 100 == 0) {
                cache.get(greeting).join(); // heard often, so kept
            }
        }
        assertEquals(SpeechCache.CAPACITY, cache.size());
        int before = synthesizer.asked.size();
        cache.get(greeting).join();
        assertEquals(before, synthesizer.asked.size(), "the greeting, heard often, was evicted");
        cache.get(new PromptItem.Speech("Your balance is 0 dollars.", "en-us")).join();
        assertEquals(before + 1, synthesizer.asked.size(), "the least recently heard balance was kept");
    }
}

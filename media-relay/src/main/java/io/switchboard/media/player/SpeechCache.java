package io.switchboard.media.player;

import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.SpeechSynthesizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Synthesizes each speech item (text, voice, plain or SSML) once off the event loops and keeps the most
 * recently used {@link #CAPACITY} results, so a greeting spoken to every caller costs one espeak-ng run.
 * An item shipped pre-rendered ({@link ShippedSpeech}: the built-in flows' text) is read from the jar
 * instead, so it speaks without the synthesizer. Concurrent requests for the same item share one
 * rendering. Failures are not cached.
 */
public final class SpeechCache {
    static final int CAPACITY = 512;

    private final SpeechSynthesizer synthesizer;
    private final ShippedSpeech shipped;
    private final Executor blocking;
    /** LOCK: this. Access-ordered for least-recently-used eviction. */
    private final LinkedHashMap<PromptItem.Speech, CompletableFuture<Prompt>> entries =
            new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PromptItem.Speech, CompletableFuture<Prompt>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** @param blocking where syntheses run: an executor of their own, so they never hold up other blocking work */
    public SpeechCache(SpeechSynthesizer synthesizer, Executor blocking) {
        this(synthesizer, ShippedSpeech.builtIn(), blocking);
    }

    /** @param shipped renderings used instead of the synthesizer when text, voice and kind match one */
    public SpeechCache(SpeechSynthesizer synthesizer, ShippedSpeech shipped, Executor blocking) {
        this.synthesizer = synthesizer;
        this.shipped = shipped;
        this.blocking = blocking;
    }

    public CompletableFuture<Prompt> get(PromptItem.Speech key) {
        CompletableFuture<Prompt> f;
        synchronized (this) {
            f = entries.get(key);
            if (f == null) {
                f = CompletableFuture.supplyAsync(() -> {
                    try {
                        short[] samples = shipped.has(key) ? shipped.samples(key).orElseThrow()
                                : synthesizer.synthesize(key);
                        return Prompt.fromLinear((key.ssml() ? "ssml:" : "tts:") + key.voice() + ":" + key.text(),
                                samples);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, blocking);
                entries.put(key, f);
                CompletableFuture<Prompt> created = f;
                f.whenComplete((p, e) -> {
                    if (e != null) {
                        synchronized (this) {
                            entries.remove(key, created);
                        }
                    }
                });
            }
        }
        return f;
    }

    public SpeechSynthesizer synthesizer() {
        return synthesizer;
    }

    /** Whether {@code speech} is shipped pre-rendered, so speaking it needs no synthesizer. */
    public boolean shipped(PromptItem.Speech speech) {
        return shipped.has(speech);
    }

    public synchronized int size() {
        return entries.size();
    }
}

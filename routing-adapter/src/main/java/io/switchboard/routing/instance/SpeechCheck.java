package io.switchboard.routing.instance;

import io.switchboard.media.api.MediaRelay;
import io.switchboard.routing.flow.SpeechUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the relay, whenever flows are published, whether it can speak with every voice they use (espeak-ng
 * runs, the voice and its variant are installed), so that a missing one is reported then and not while a
 * caller waits. The flows publish anyway; speech that cannot be synthesised takes its block's error branch.
 */
public final class SpeechCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechCheck.class);
    private static final Duration LIMIT = Duration.ofSeconds(10);
    /** Blocks named per problem; the rest are counted. */
    private static final int NAMED = 3;

    private final MediaRelay relay;
    private volatile List<String> problems = List.of();

    public SpeechCheck(MediaRelay relay) {
        this.relay = relay;
    }

    /** Checks the voices of {@code uses}, logs one error per reason they fail for, and keeps those lines. */
    public void check(List<SpeechUse> uses) {
        Map<String, List<SpeechUse>> byVoice = new TreeMap<>();
        for (SpeechUse use : uses) {
            byVoice.computeIfAbsent(use.voice(), v -> new ArrayList<>()).add(use);
        }
        Map<String, CompletableFuture<Void>> checks = new LinkedHashMap<>();
        byVoice.keySet().forEach(voice -> checks.put(voice, relay.checkSpeech(voice)));
        // A missing espeak-ng fails every voice for the same reason: one line says it.
        Map<String, List<String>> voicesByReason = new LinkedHashMap<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        checks.forEach((voice, check) -> {
            String reason = failure(check, deadline);
            if (reason != null) {
                voicesByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(voice);
            }
        });
        List<String> found = new ArrayList<>();
        voicesByReason.forEach((reason, voices) -> {
            List<SpeechUse> affected = voices.stream().flatMap(v -> byVoice.get(v).stream()).toList();
            String line = "text-to-speech with " + (voices.size() == 1 ? "voice " : "voices ")
                    + String.join(", ", voices) + " will fail: " + reason + "; used by " + named(affected)
                    + "; speech there takes the block's error branch";
            LOG.error(line);
            found.add(line);
        });
        problems = List.copyOf(found);
    }

    /** The lines the last check logged; empty when every voice can be spoken. */
    public List<String> problems() {
        return problems;
    }

    private static String failure(CompletableFuture<Void> check, long deadline) {
        try {
            check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (TimeoutException e) {
            return "the media relay did not answer the check within " + LIMIT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking";
        }
    }

    private static String named(List<SpeechUse> uses) {
        String shown = String.join(", ", uses.stream().limit(NAMED).map(SpeechUse::toString).toList());
        return uses.size() <= NAMED ? shown : shown + " and " + (uses.size() - NAMED) + " more";
    }
}

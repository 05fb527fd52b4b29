package io.switchboard.routing.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.PromptItem;
import io.switchboard.routing.flow.SpeechUse;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSource;
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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the relay, whenever flows are published, whether it can speak with every voice they use (espeak-ng
 * runs, the voice and its variant are installed), so that a missing one is reported then and not while a
 * caller waits. The built-in flows' fixed text is asked about as text, since the relay ships it pre-rendered
 * and speaks it without espeak-ng. The flows publish anyway; speech that cannot be synthesised takes its
 * block's error branch.
 */
public final class SpeechCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechCheck.class);
    private static final Duration LIMIT = Duration.ofSeconds(10);
    /** Blocks named per problem; the rest are counted. */
    private static final int NAMED = 3;

    /** The shipped default flows by the file name their speech uses carry. */
    private static final Map<String, JsonNode> BUILT_IN_FLOWS = FlowLibrary.defaultSources().stream()
            .collect(Collectors.toMap(FlowSource::file, FlowSource::json));
    /** The whole text of the built-in agent whisper: the name of the contact's queue. */
    private static final String QUEUE_NAME = "$.Queue.Name";

    private final MediaRelay relay;
    private volatile List<String> problems = List.of();

    public SpeechCheck(MediaRelay relay) {
        this.relay = relay;
    }

    /** Checks the voices of {@code uses}, logs one error per reason they fail for, and keeps those lines. */
    public void check(List<SpeechUse> uses) {
        check(uses, List.of());
    }

    /**
     * As {@link #check(List)}, knowing the instance's queue names, which is what the built-in agent whisper
     * says ({@code $.Queue.Name}): with them its text is known, and may be shipped pre-rendered too.
     */
    public void check(List<SpeechUse> uses, List<String> queueNames) {
        Map<String, List<SpeechUse>> byVoice = new TreeMap<>();
        for (SpeechUse use : uses) {
            byVoice.computeIfAbsent(use.voice(), v -> new ArrayList<>()).add(use);
        }
        // A use whose exact text is known (the built-in flows' fixed text) may be shipped pre-rendered and need
        // no engine; the others need the voice, checked once per voice.
        Map<String, CompletableFuture<Void>> voiceChecks = new LinkedHashMap<>();
        Map<String, List<CompletableFuture<Void>>> checks = new LinkedHashMap<>();
        byVoice.forEach((voice, list) -> checks.put(voice, list.stream().map(use -> {
            List<PromptItem.Speech> items = builtInItems(use, queueNames);
            return items.isEmpty() ? voiceChecks.computeIfAbsent(voice, relay::checkSpeech) : relay.checkSpeech(items);
        }).toList()));
        // A missing espeak-ng fails every voice for the same reason: one line says it.
        Map<String, Map<String, List<SpeechUse>>> failedByReason = new LinkedHashMap<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        checks.forEach((voice, useChecks) -> {
            for (int i = 0; i < useChecks.size(); i++) {
                String reason = failure(useChecks.get(i), deadline);
                if (reason != null) {
                    failedByReason.computeIfAbsent(reason, r -> new LinkedHashMap<>())
                            .computeIfAbsent(voice, v -> new ArrayList<>()).add(byVoice.get(voice).get(i));
                }
            }
        });
        List<String> found = new ArrayList<>();
        failedByReason.forEach((reason, byFailedVoice) -> {
            List<String> voices = List.copyOf(byFailedVoice.keySet());
            List<SpeechUse> affected = byFailedVoice.values().stream().flatMap(List::stream).toList();
            String line = "text-to-speech with " + (voices.size() == 1 ? "voice " : "voices ")
                    + String.join(", ", voices) + " will fail: " + reason + "; used by " + named(affected)
                    + "; speech there takes the block's error branch";
            LOG.error(line);
            found.add(line);
        });
        problems = List.copyOf(found);
    }

    /**
     * What a use in a built-in default flow says, when it is fixed text (the relay may ship it pre-rendered) or
     * the queue's name out of {@code queueNames}; empty for other flows, for other references and for actions
     * that only set a voice.
     */
    private static List<PromptItem.Speech> builtInItems(SpeechUse use, List<String> queueNames) {
        JsonNode flow = BUILT_IN_FLOWS.get(use.file());
        if (flow == null) {
            return List.of();
        }
        List<PromptItem.Speech> items = new ArrayList<>();
        for (JsonNode action : flow.path("Actions")) {
            if (!use.actionId().equals(action.path("Identifier").asText())) {
                continue;
            }
            JsonNode parameters = action.path("Parameters");
            List<JsonNode> messages = new ArrayList<>(List.of(parameters));
            parameters.path("Messages").forEach(messages::add);
            for (JsonNode message : messages) {
                for (String field : List.of("Text", "SSML")) {
                    JsonNode text = message.get(field);
                    if (text == null) {
                        continue;
                    }
                    if (text.isTextual() && text.asText().equals(QUEUE_NAME) && !queueNames.isEmpty()) {
                        queueNames.forEach(q -> items.add(new PromptItem.Speech(q, use.voice(), false)));
                        continue;
                    }
                    if (!text.isTextual() || !TextTemplate.parse(text.asText()).isStatic()) {
                        return List.of();
                    }
                    items.add(new PromptItem.Speech(text.asText(), use.voice(), field.equals("SSML")));
                }
            }
        }
        return items;
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

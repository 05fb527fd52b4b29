package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.config.model.Queue;
import io.switchboard.media.api.PromptItem;
import io.switchboard.media.player.ShippedSpeech;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.action.SpeechVoices;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the built-in default flows say is shipped pre-rendered in their voice, so they speak without espeak-ng:
 * every fixed Text and SSML in them, and the demo's queue names for the agent whisper ({@code $.Queue.Name}).
 * Fails when a default flow's text changes without {@code scripts/generate-builtin-speech.sh} being run again.
 */
class BuiltInSpeechTest {
    @TempDir
    Path work;

    @Test
    void everyFixedTextOfTheDefaultFlowsIsShippedInTheDefaultVoice() {
        List<PromptItem.Speech> said = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        for (FlowSource flow : FlowLibrary.defaultSources()) {
            collect(flow.json(), said, templates);
        }
        assertTrue(!said.isEmpty(), "the default flows say nothing any more; drop the shipped renderings");
        for (PromptItem.Speech speech : said) {
            assertTrue(ShippedSpeech.builtIn().has(speech), "not shipped pre-rendered: " + speech
                    + "; run scripts/generate-builtin-speech.sh");
        }
        assertEquals(List.of("$.Queue.Name"), templates, "the default flows speak other references now");
    }

    @Test
    void theDemoQueueNamesAreShippedForTheAgentWhisper() throws Exception {
        LoadResult demo = InstanceLoader.load(DemoInstance.extractTo(work.resolve("demo")));
        assertTrue(demo.isValid(), demo.describeProblems());
        for (Queue queue : demo.config().queues()) {
            PromptItem.Speech name = new PromptItem.Speech(queue.name(), SpeechVoices.DEFAULT_ESPEAK_VOICE);
            assertTrue(ShippedSpeech.builtIn().has(name), "queue name not shipped pre-rendered: " + name);
        }
    }

    /** Every Text and SSML value under {@code node}: fixed ones as speech in the default voice, the rest as is. */
    private static void collect(JsonNode node, List<PromptItem.Speech> said, List<String> templates) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            boolean ssml = field.getKey().equals("SSML");
            if ((ssml || field.getKey().equals("Text")) && value.isTextual()) {
                if (TextTemplate.parse(value.asText()).isStatic()) {
                    said.add(new PromptItem.Speech(value.asText(), SpeechVoices.DEFAULT_ESPEAK_VOICE, ssml));
                } else {
                    templates.add(value.asText());
                }
            } else {
                collect(value, said, templates);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collect(element, said, templates));
        }
    }
}

package io.switchboard.routing.flow.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conformance corpus under {@code src/test/resources/conformance}: flows written for Switchboard in
 * the shapes Amazon Connect's tools export, each carrying in {@code Metadata.Conformance} what it covers
 * ("Type.Parameter: form") and how to run it (steps and expectations) or, under {@code refused/}, the
 * reason its load must fail with. The loader ignores {@code Metadata}, as Connect does.
 */
final class Corpus {

    static final ObjectMapper JSON = new ObjectMapper();
    /** What an instance's mapping file says for the ids and ARNs the corpus flows keep as exported. */
    static final Map<String, String> MAPPING = Map.of(
            "11111111-1111-1111-1111-111111111111", "Sales",
            "22222222-2222-2222-2222-222222222222", "Support",
            "9e8d7c6b-1111-2222-3333-444455556666", "Welcome.wav",
            "bbbbbbbb-0000-0000-0000-000000000001", "Office",
            "cccccccc-0000-0000-0000-00000000000a", "module-greeting",
            "dddddddd-0000-0000-0000-000000000001", "target-flow",
            "dddddddd-0000-0000-0000-000000000002", "whisper",
            "customer-lookup", "lookup");

    /** One corpus file: its flow name (file name), the raw JSON and its Conformance metadata. */
    record Entry(String name, String json, JsonNode conformance) {
        List<String> covers() {
            List<String> out = new ArrayList<>();
            conformance.path("covers").forEach(c -> out.add(c.asText()));
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Corpus() {
    }

    static List<Entry> supported() {
        return read("conformance/flows");
    }

    static List<Entry> refused() {
        return read("conformance/refused");
    }

    /** Every supported corpus flow as name -> JSON, so flows that call each other publish together. */
    static Map<String, String> library() {
        Map<String, String> flows = new TreeMap<>();
        supported().forEach(e -> flows.put(e.name(), e.json()));
        return flows;
    }

    private static List<Entry> read(String directory) {
        try {
            Path dir = Path.of(Corpus.class.getResource("/" + directory).toURI());
            List<Entry> entries = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    String json = Files.readString(p);
                    String name = p.getFileName().toString().replace(".json", "");
                    entries.add(new Entry(name, json, JSON.readTree(json).path("Metadata").path("Conformance")));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

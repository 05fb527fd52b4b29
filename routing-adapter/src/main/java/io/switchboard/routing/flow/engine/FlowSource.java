package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A flow to publish: its name (the file name without {@code .json}), the file it came from and its
 * JSON, or why the file could not be read as JSON.
 */
public record FlowSource(String name, String file, JsonNode json, String readError) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public FlowSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if ((json == null) == (readError == null)) {
            throw new IllegalArgumentException("a flow source has JSON or a read error");
        }
    }

    public static FlowSource of(String name, String file, JsonNode json) {
        return new FlowSource(name, file, json, null);
    }

    /** Reads one flow file; a file that is not JSON gives a source carrying the parser's message. */
    public static FlowSource read(Path path) {
        String file = path.getFileName().toString();
        String name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        try {
            return new FlowSource(name, path.toString(), MAPPER.readTree(path.toFile()), null);
        } catch (JacksonException e) {
            return new FlowSource(name, path.toString(), null, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            return new FlowSource(name, path.toString(), null, "cannot be read: " + e.getMessage());
        }
    }

    /** Every {@code *.json} file of {@code directory}, in name order. */
    public static List<FlowSource> readDirectory(Path directory) throws IOException {
        List<FlowSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p -> sources.add(read(p)));
        }
        return sources;
    }
}

package io.switchboard.config;

import io.switchboard.config.bind.Problems;
import io.switchboard.config.check.FlowMappingReader;
import io.switchboard.config.model.FlowMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A flow mapping file on its own ({@code import-flow --mapping FILE}); the instance's own
 * {@value #NAME} is read by {@link InstanceLoader} with the rest of the instance.
 */
public final class FlowMappingFile {

    /** The mapping file in an instance directory, beside {@code instance.yaml}. */
    public static final String NAME = FlowMapping.FILE;

    /** The mapping, or every problem in the file (named by its file name). */
    public record Result(FlowMapping mapping, List<ConfigProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private FlowMappingFile() {
    }

    public static Result read(Path file) {
        String source = file.getFileName().toString();
        Problems problems = new Problems();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(source, 0, "(file)", "cannot read: " + e.getMessage());
            return new Result(null, problems.sorted());
        }
        FlowMapping mapping = FlowMappingReader.read(source, text, problems);
        return problems.isEmpty() ? new Result(mapping, List.of()) : new Result(null, problems.sorted());
    }
}

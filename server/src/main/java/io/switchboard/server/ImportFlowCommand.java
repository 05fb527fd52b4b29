package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ConfigProblem;
import io.switchboard.config.FlowMappingFile;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.routing.instance.FlowImport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code import-flow EXPORTED.json --instance DIR [--mapping FILE] [--name NAME] [--replace]}: maps the
 * ARNs and ids of a flow exported from Amazon Connect onto the instance's names, and writes
 * {@code flows/NAME.json} only if the instance then loads with it. Exit 0 when written; 1 with one line
 * per unmapped reference or problem and nothing written; 2 on a bad command line.
 */
final class ImportFlowCommand {

    /** What a flow file name may be: numbers and quick connects refer to flows by it. */
    private static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;

    ImportFlowCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(CommandLine commandLine) {
        if (commandLine.positional().size() != 1 || !commandLine.has("instance")) {
            err.println("switchboard: import-flow takes one exported flow file and --instance DIR");
            return Main.EXIT_USAGE;
        }
        Path exported = Path.of(commandLine.positional().get(0));
        Path instance = Path.of(commandLine.flags().get("instance"));
        String name = commandLine.flags().getOrDefault("name", baseName(exported));
        if (!FLOW_NAME.matcher(name).matches()) {
            err.println("switchboard: '" + name + "' cannot be a flow name (letters, digits, space, . _ -; give --name)");
            return Main.EXIT_USAGE;
        }
        LoadResult loaded = InstanceLoader.load(instance);
        if (!loaded.isValid()) {
            // The flow is checked against the instance's queues and prompts, so those must load first.
            loaded.problems().forEach(p -> err.println(p.toString()));
            err.println(instance + ": the instance has problems of its own; fix them before importing");
            return Main.EXIT_FAILURE;
        }
        Map<String, String> mapping = mapping(commandLine, loaded.config());
        if (mapping == null) {
            return Main.EXIT_FAILURE;
        }
        ObjectNode document = readExport(exported);
        if (document == null) {
            return Main.EXIT_FAILURE;
        }
        Path target = instance.resolve(InstanceLoader.FLOWS_DIR).resolve(name + ".json");
        if (Files.exists(target) && !commandLine.has("replace")) {
            err.println("switchboard: " + target + " exists; give --replace to overwrite it or --name for another name");
            return Main.EXIT_FAILURE;
        }
        return importInto(loaded.config(), instance, name, exported, document, mapping, target);
    }

    private int importInto(InstanceConfig config, Path instance, String name, Path exported, ObjectNode document,
                           Map<String, String> mapping, Path target) {
        FlowImport.Result result = FlowImport.check(config, name, document, mapping);
        result.unmapped().forEach(u -> err.println(exported.getFileName() + ": " + u));
        result.problems().forEach(p -> err.println(p.toString()));
        if (!result.unmapped().isEmpty()) {
            err.println(exported.getFileName() + ": " + count(result.unmapped().size(), "reference")
                    + " could not be mapped (map each ARN or id to a local name in " + FlowImport.MAPPING_FILE
                    + " or --mapping); nothing written");
            return Main.EXIT_FAILURE;
        }
        if (!result.problems().isEmpty()) {
            err.println(exported.getFileName() + ": " + count(result.problems().size(), "problem")
                    + " after mapping; nothing written");
            return Main.EXIT_FAILURE;
        }
        byte[] previous;
        try {
            previous = Files.exists(target) ? Files.readAllBytes(target) : null;
            write(target, JSON.writeValueAsBytes(result.document()));
        } catch (IOException e) {
            err.println("switchboard: cannot write " + target + ": " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
        // The configuration loader has checks of its own (prompt names as files, line-located shape);
        // the file stays only if the whole instance still loads with it.
        LoadResult after = InstanceLoader.load(instance);
        if (!after.isValid()) {
            after.problems().forEach(p -> err.println(p.toString()));
            restore(target, previous);
            err.println(target + ": the instance does not load with the imported flow; nothing written");
            return Main.EXIT_FAILURE;
        }
        out.println("imported " + exported.getFileName() + " as " + instance.relativize(target).toString().replace('\\', '/')
                + " (" + count(result.rewritten(), "reference") + " mapped)");
        return Main.EXIT_OK;
    }

    /** The --mapping file, else the instance's own flow-mapping.yaml (empty when it has none); null on problems. */
    private Map<String, String> mapping(CommandLine commandLine, InstanceConfig config) {
        String given = commandLine.flags().get("mapping");
        if (given == null) {
            return config.flowMapping().entries();
        }
        FlowMappingFile.Result mapping = FlowMappingFile.read(Path.of(given));
        if (!mapping.isValid()) {
            mapping.problems().forEach(p -> err.println(p.toString()));
            return null;
        }
        return mapping.mapping().entries();
    }

    private ObjectNode readExport(Path exported) {
        try {
            JsonNode root = JSON.readTree(Files.readString(exported, StandardCharsets.UTF_8));
            if (root instanceof ObjectNode object) {
                return object;
            }
            err.println(exported + ": an exported flow is a JSON object with Version, StartAction and Actions");
        } catch (JsonProcessingException e) {
            err.println(exported + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            err.println("switchboard: cannot read " + exported + ": " + e.getMessage());
        }
        return null;
    }

    /** Written beside the target and moved over it, so a running server's watcher never reads half a file. */
    private static void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".importing");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void restore(Path target, byte[] previous) {
        try {
            if (previous == null) {
                Files.deleteIfExists(target);
            } else {
                write(target, previous);
            }
        } catch (IOException e) {
            err.println("switchboard: cannot restore " + target + ": " + e.getMessage());
        }
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.FlowMappingFile;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.FlowCheck;
import io.switchboard.routing.instance.FlowImport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code flow-check FILE... [--instance DIR] [--mapping FILE]}: prints, for each block of each flow or
 * Amazon Connect export, whether Switchboard runs it or refuses it and why. With {@code --instance} the
 * flow's references are mapped and checked against that instance, as {@code import-flow} would; without,
 * only the blocks and their parameters are judged (every named resource is taken to exist). Exit 0 when
 * every file loads, 1 when one does not.
 */
final class FlowCheckCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;

    FlowCheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(CommandLine commandLine) {
        if (commandLine.positional().isEmpty()) {
            err.println("switchboard: flow-check takes one or more flow files (and optionally --instance DIR)");
            return Main.EXIT_USAGE;
        }
        InstanceConfig config = null;
        Map<String, String> mapping = Map.of();
        if (commandLine.has("instance")) {
            Path instance = Path.of(commandLine.flags().get("instance"));
            LoadResult loaded = InstanceLoader.load(instance);
            if (!loaded.isValid()) {
                loaded.problems().forEach(p -> err.println(p.toString()));
                err.println(instance + ": the instance has problems of its own; fix them first");
                return Main.EXIT_FAILURE;
            }
            config = loaded.config();
            mapping = config.flowMapping().entries();
        }
        if (commandLine.has("mapping")) {
            FlowMappingFile.Result given = FlowMappingFile.read(Path.of(commandLine.flags().get("mapping")));
            if (!given.isValid()) {
                given.problems().forEach(p -> err.println(p.toString()));
                return Main.EXIT_FAILURE;
            }
            mapping = given.mapping().entries();
        }
        if (config == null) {
            out.println("(no --instance: blocks and parameters are checked, the resources they name are not)");
        }
        boolean allLoad = true;
        for (String file : commandLine.positional()) {
            allLoad &= check(Path.of(file), config, mapping);
        }
        return allLoad ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private boolean check(Path file, InstanceConfig config, Map<String, String> mapping) {
        ObjectNode document = read(file);
        if (document == null) {
            return false;
        }
        String shown = file.getFileName().toString();
        String name = shown.endsWith(".json") ? shown.substring(0, shown.length() - 5) : shown;
        FlowCheck.Report report = config == null
                ? FlowCheck.check(name, shown, document, FlowCheck.anyResource(), mappingOrPlaceholders(mapping),
                        FlowCheck.anyFlow())
                : FlowImport.blocks(config, name, shown, document, mapping);
        out.println(shown + ": " + report.blocks().size() + " blocks, " + (report.blocks().size() - report.refused())
                + " supported, " + report.refused() + " refused");
        for (FlowCheck.Block block : report.blocks()) {
            out.println("  " + (block.supported() ? "supported  " : "refused    ") + block.identifier() + " (" + block.type() + ")"
                    + (block.supported() ? "" : ": " + String.join("; ", block.problems())));
        }
        report.flowProblems().forEach(p -> out.println("  flow: " + p));
        out.println(shown + ": " + (report.loads() ? "loads" : "does not load"));
        return report.loads();
    }

    private static ReferenceResolver mappingOrPlaceholders(Map<String, String> mapping) {
        return mapping.isEmpty() ? ReferenceResolver.keepingPlaceholders() : new ReferenceResolver(mapping);
    }

    private ObjectNode read(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root instanceof ObjectNode object && object.has("Actions")) {
                return object;
            }
            err.println(file + ": not a flow in the Amazon Connect flow language (an object with Version, StartAction and"
                    + " Actions)");
        } catch (JsonProcessingException e) {
            err.println(file + ":" + (e.getLocation() == null ? 0 : e.getLocation().getLineNr()) + ": not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            err.println("switchboard: cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }
}

package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.FlowCheck;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSimulator;
import io.switchboard.routing.flow.engine.FlowSource;
import io.switchboard.routing.instance.FlowImport;
import io.switchboard.routing.instance.FlowSources;
import io.switchboard.routing.port.ResourceCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code simulate FLOW [k=v ...] [--input 1,123#] [--attributes k=v,k2=v2] [--caller E164] [--function-reply JSON]
 * [--instance DIR]}: runs a flow on a virtual clock without a call and prints the path taken, what the caller
 * hears and the attributes as they change. FLOW is a flow of the instance, or a file whose directory holds the
 * flows it transfers to (then every resource it names is taken to exist). Exit 1 when the flow does not load.
 */
final class SimulateCommand {

    private final PrintStream out;
    private final PrintStream err;

    SimulateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(CommandLine commandLine) {
        List<String> positional = commandLine.positional();
        if (positional.isEmpty()) {
            err.println("switchboard: simulate takes a flow (a file, or a flow name with --instance DIR)");
            return Main.EXIT_USAGE;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>(positional.subList(1, positional.size()));
        if (commandLine.has("attributes")) {
            pairs.addAll(List.of(commandLine.flags().get("attributes").split(",")));
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                err.println("switchboard: attributes are given as key=value, not '" + pair + "'");
                return Main.EXIT_USAGE;
            }
            attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        List<String> inputs = commandLine.has("input") ? List.of(commandLine.flags().get("input").split(",")) : List.of();
        JsonNode reply = null;
        if (commandLine.has("function-reply")) {
            try {
                reply = new ObjectMapper().readTree(commandLine.flags().get("function-reply"));
            } catch (JsonProcessingException e) {
                err.println("switchboard: --function-reply is not JSON: " + e.getOriginalMessage());
                return Main.EXIT_USAGE;
            }
        }
        String flow = positional.get(0);
        List<FlowSource> sources;
        ResourceCatalog catalog;
        ReferenceResolver resolver;
        if (commandLine.has("instance")) {
            LoadResult loaded = InstanceLoader.load(Path.of(commandLine.flags().get("instance")));
            if (!loaded.isValid()) {
                loaded.problems().forEach(p -> err.println(p.toString()));
                return Main.EXIT_FAILURE;
            }
            InstanceConfig config = loaded.config();
            sources = FlowSources.of(config);
            catalog = FlowImport.catalog(config);
            resolver = new ReferenceResolver(config.flowMapping().entries());
        } else {
            Path file = Path.of(flow);
            if (!Files.isRegularFile(file)) {
                err.println("switchboard: " + flow + " is not a flow file (give --instance DIR to run a flow by name)");
                return Main.EXIT_USAGE;
            }
            try {
                sources = FlowSource.readDirectory(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                err.println("switchboard: cannot read " + file.getParent() + ": " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
            flow = FlowSource.read(file).name();
            catalog = FlowCheck.anyResource();
            resolver = ReferenceResolver.keepingPlaceholders();
        }
        FlowLibrary library = FlowLibrary.load(sources, catalog, resolver);
        if (library.flow(flow).isEmpty()) {
            String name = flow;
            List<FlowProblem> problems = library.problems().stream()
                    .filter(p -> p.file().endsWith(name + ".json") || p.file().endsWith("/" + name)).toList();
            problems.forEach(p -> err.println(p.toString()));
            err.println("switchboard: flow '" + flow + "' " + (problems.isEmpty() ? "is not published" : "does not load"));
            return Main.EXIT_FAILURE;
        }
        String caller = commandLine.flags().getOrDefault("caller", "+15551230000");
        new FlowSimulator(library, catalog, resolver, reply).run(flow, caller, "+15550100", attributes, inputs,
                Instant.now(), out::println);
        return Main.EXIT_OK;
    }
}

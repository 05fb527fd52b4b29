package io.switchboard.routing.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.FlowMappingFile;
import io.switchboard.config.InstanceConfig;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.ReferenceRewriter;
import io.switchboard.routing.flow.engine.FlowCheck;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Importing a flow exported from Amazon Connect into an instance: its ARNs and ids are mapped to the
 * instance's names (through the instance's mapping file, else an ARN's trailing id), and the result is
 * loaded the way the server will load it, with the instance's flows and resources. Nothing here writes
 * files; the caller writes the document only when {@link Result#loads()}.
 */
public final class FlowImport {

    /** The mapping file in an instance directory (read with the instance, see {@code InstanceLoader}). */
    public static final String MAPPING_FILE = FlowMappingFile.NAME;

    /** The imported document and what stands in its way: unmapped references, then load problems. */
    public record Result(ObjectNode document, int rewritten, List<ReferenceRewriter.Unmapped> unmapped,
                         List<FlowProblem> problems) {
        public Result {
            unmapped = List.copyOf(unmapped);
            problems = List.copyOf(problems);
        }

        /** Every reference mapped and the flow publishes with the instance. */
        public boolean loads() {
            return unmapped.isEmpty() && problems.isEmpty();
        }
    }

    private FlowImport() {
    }

    /**
     * Maps the references of {@code exported} onto {@code config} and loads the result as flow {@code name}
     * (file {@code flows/<name>.json}, replacing a flow of that name). Load problems are only looked for
     * once every reference is mapped, since an unmapped one would only be reported twice.
     */
    public static Result check(InstanceConfig config, String name, ObjectNode exported, Map<String, String> mapping) {
        InstanceResources resources = InstanceResources.of(config, namesOnly(), "arn:switchboard:import");
        List<FlowSource> sources = new ArrayList<>();
        for (FlowSource source : FlowSources.of(config)) {
            if (!source.name().equals(name)) {
                sources.add(source);
            }
        }
        Set<String> flowNames = new HashSet<>(FlowLibrary.DEFAULT_FLOWS.keySet());
        sources.forEach(s -> flowNames.add(s.name()));
        flowNames.add(name);

        ReferenceRewriter rewriter = new ReferenceRewriter(new ReferenceResolver(mapping), resources.catalog(), flowNames);
        ReferenceRewriter.Result rewritten = rewriter.rewrite(exported);
        if (!rewritten.complete()) {
            return new Result(rewritten.document(), rewritten.rewritten(), rewritten.unmapped(), List.of());
        }
        String file = "flows/" + name + ".json";
        sources.add(FlowSource.of(name, file, rewritten.document()));
        // The instance's other flows may still carry ARNs: they load through the instance's own mapping.
        FlowLibrary library = FlowLibrary.load(sources, resources.catalog(),
                new ReferenceResolver(config.flowMapping().entries()));
        List<FlowProblem> ours = library.problems().stream().filter(p -> file.equals(p.file())).toList();
        return new Result(rewritten.document(), rewritten.rewritten(), List.of(), ours);
    }

    /**
     * The verdict per block of {@code exported} against {@code config}: its references mapped as
     * {@link #check} maps them (an unmapped one refuses its block), then loaded with the instance's
     * resources and flows.
     */
    public static FlowCheck.Report blocks(InstanceConfig config, String name, String file, ObjectNode exported,
                                          Map<String, String> mapping) {
        InstanceResources resources = InstanceResources.of(config, namesOnly(), "arn:switchboard:import");
        Set<String> flowNames = new HashSet<>(FlowLibrary.DEFAULT_FLOWS.keySet());
        FlowSources.of(config).forEach(s -> flowNames.add(s.name()));
        flowNames.add(name);
        ReferenceRewriter.Result rewritten = new ReferenceRewriter(new ReferenceResolver(mapping), resources.catalog(),
                flowNames).rewrite(exported);
        FlowCheck.Report report = FlowCheck.check(name, file, rewritten.document(), resources.catalog(),
                new ReferenceResolver(mapping), flowNames);
        if (rewritten.complete()) {
            return report;
        }
        List<FlowCheck.Block> blocks = new ArrayList<>();
        for (FlowCheck.Block block : report.blocks()) {
            List<String> problems = new ArrayList<>(block.problems());
            rewritten.unmapped().stream().filter(u -> u.actionId().equals(block.identifier()))
                    .forEach(u -> problems.add(0, "Parameters." + u.parameter() + ": " + u.kind().label() + " '" + u.raw()
                            + "' " + u.reason()));
            blocks.add(new FlowCheck.Block(block.identifier(), block.type(), List.copyOf(new java.util.LinkedHashSet<>(problems))));
        }
        return new FlowCheck.Report(report.file(), blocks, report.flowProblems());
    }

    /** The instance's resources as flows see them (built-in prompts by name), for checks and simulations. */
    public static io.switchboard.routing.port.ResourceCatalog catalog(InstanceConfig config) {
        return InstanceResources.of(config, namesOnly(), "arn:switchboard:import").catalog();
    }

    /** The built-in prompt names for the catalog; their files are not needed to check a flow. */
    private static Map<String, Path> namesOnly() {
        Map<String, Path> names = new LinkedHashMap<>();
        BuiltInPrompts.NAMES.forEach(n -> names.put(n, Path.of(n)));
        return names;
    }
}

package io.switchboard.config;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.bind.Binder;
import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.bind.TreeReader;
import io.switchboard.config.check.FlowChecker;
import io.switchboard.config.check.FlowMappingReader;
import io.switchboard.config.check.FlowReferenceChecker;
import io.switchboard.config.check.InstanceValidator;
import io.switchboard.config.check.NameIndex;
import io.switchboard.config.check.PromptChecker;
import io.switchboard.config.model.ContactFlow;
import io.switchboard.config.model.FlowMapping;
import io.switchboard.config.model.Prompt;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads an instance directory ({@code instance.yaml}, {@code flows/*.json}, {@code prompts/*.wav} and,
 * when present, {@code flow-mapping.yaml}) into a validated {@link InstanceConfig}, or reports every
 * problem found in it. Loading never throws for bad content; it touches nothing outside the directory.
 */
public final class InstanceLoader {

    public static final String INSTANCE_FILE = "instance.yaml";
    public static final String FLOWS_DIR = "flows";
    public static final String PROMPTS_DIR = "prompts";

    private InstanceLoader() {
    }

    public static LoadResult load(Path dir) {
        return load(dir, List.of());
    }

    /**
     * Loads {@code dir}, then, when it has no problems of its own, runs {@code checks} on it and
     * reports their problems too.
     */
    public static LoadResult load(Path dir, List<InstanceCheck> checks) {
        LoadResult own = loadOwn(dir);
        if (!own.isValid() || checks.isEmpty()) {
            return own;
        }
        List<ConfigProblem> found = new ArrayList<>();
        for (InstanceCheck check : checks) {
            found.addAll(check.check(own.config()));
        }
        if (found.isEmpty()) {
            return own;
        }
        found.sort(ConfigProblem.ORDER);
        return LoadResult.invalid(found);
    }

    private static LoadResult loadOwn(Path dir) {
        Problems problems = new Problems();
        if (!Files.isDirectory(dir)) {
            problems.add(dir.toString(), 0, "(instance)", "not a directory");
            return LoadResult.invalid(problems.sorted());
        }
        Set<String> flowNames = new HashSet<>();
        Map<String, ContactFlow> flows = loadFlows(dir, flowNames, problems);
        Set<String> promptNames = new HashSet<>();
        Map<String, Prompt> prompts = loadPrompts(dir, promptNames, problems);
        FlowMapping mapping = loadFlowMapping(dir, problems);
        InstanceConfig bound = null;
        String yaml = readText(dir.resolve(INSTANCE_FILE), INSTANCE_FILE, problems);
        Node root = yaml == null ? null : TreeReader.readYaml(INSTANCE_FILE, yaml, problems);
        if (root != null) {
            Map<String, Set<String>> names = new HashMap<>(NameIndex.allNames(root));
            names.put(FLOWS_DIR, Set.copyOf(flowNames));
            Map<String, Set<String>> referable = new HashMap<>(names);
            referable.put(PROMPTS_DIR, Set.copyOf(promptNames));
            FlowReferenceChecker references = new FlowReferenceChecker(referable,
                    mapping == null ? FlowMapping.EMPTY : mapping, problems);
            flows.values().forEach(references::check);
            Binder binder = new Binder(problems, names);
            bound = binder.bindRoot(InstanceConfig.class, root);
            if (bound != null) {
                InstanceValidator.validate(bound, root, binder.origins(), problems);
            }
        }
        if (!problems.isEmpty() || bound == null) {
            return LoadResult.invalid(problems.sorted());
        }
        return LoadResult.valid(bound.withFiles(flows, prompts, mapping));
    }

    /** The instance's flow mapping; empty when it has none, null when it has problems (recorded). */
    private static FlowMapping loadFlowMapping(Path dir, Problems problems) {
        Path file = dir.resolve(FlowMappingFile.NAME);
        if (!Files.exists(file)) {
            return FlowMapping.EMPTY;
        }
        String text = readText(file, FlowMappingFile.NAME, problems);
        return text == null ? null : FlowMappingReader.read(FlowMappingFile.NAME, text, problems);
    }

    private static Map<String, ContactFlow> loadFlows(Path dir, Set<String> names, Problems problems) {
        Map<String, ContactFlow> flows = new LinkedHashMap<>();
        for (Path file : list(dir.resolve(FLOWS_DIR), ".json", problems)) {
            String name = baseName(file, ".json");
            String relative = FLOWS_DIR + "/" + file.getFileName();
            names.add(name);
            String text = readText(file, relative, problems);
            ContactFlow flow = text == null ? null : FlowChecker.check(name, relative, text, problems);
            if (flow != null) {
                flows.put(name, flow);
            }
        }
        return flows;
    }

    private static Map<String, Prompt> loadPrompts(Path dir, Set<String> names, Problems problems) {
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        for (Path file : list(dir.resolve(PROMPTS_DIR), ".wav", problems)) {
            String name = baseName(file, ".wav");
            names.add(name);
            Prompt prompt = PromptChecker.check(name, PROMPTS_DIR + "/" + file.getFileName(), file, problems);
            if (prompt != null) {
                prompts.put(name, prompt);
            }
        }
        return prompts;
    }

    /** Regular files in {@code dir} ending in {@code suffix}, sorted; a missing directory is empty. */
    private static List<Path> list(Path dir, String suffix, Problems problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(dir.getFileName().toString(), 0, "(directory)", "cannot list: " + e.getMessage());
            return new ArrayList<>();
        }
    }

    private static String readText(Path file, String relative, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(relative, 0, "(file)", "missing: an instance directory needs " + relative);
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(relative, 0, "(file)", "not UTF-8 text");
            return null;
        } catch (IOException e) {
            problems.add(relative, 0, "(file)", "cannot read: " + e.getMessage());
            return null;
        }
    }

    private static String baseName(Path file, String suffix) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - suffix.length());
    }
}

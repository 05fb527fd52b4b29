package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.flow.Flow;
import io.switchboard.routing.flow.FlowLoadResult;
import io.switchboard.routing.flow.FlowLoader;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.SpeechUse;
import io.switchboard.routing.flow.action.ActionTypes;
import io.switchboard.routing.port.ResourceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The published flows of an instance: the shipped defaults (default customer queue, hold and whisper
 * flows) overridden by name by the instance's own, each validated; a flow with problems is left out
 * and reported, and so is a flow that refers to it, while the rest publish. Immutable; a reload builds
 * a new library.
 */
public final class FlowLibrary {

    /** The shipped default flows: name -> resource file. */
    public static final Map<String, String> DEFAULT_FLOWS = defaults();

    private final Map<String, Flow> flows;
    private final List<FlowProblem> problems;

    private FlowLibrary(Map<String, Flow> flows, List<FlowProblem> problems) {
        this.flows = Collections.unmodifiableMap(flows);
        this.problems = List.copyOf(problems);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Default customer queue", "default-customer-queue.json");
        m.put("Default customer hold", "default-customer-hold.json");
        m.put("Default customer whisper", "default-customer-whisper.json");
        m.put("Default agent whisper", "default-agent-whisper.json");
        m.put("Default agent hold", "default-agent-hold.json");
        m.put("Default outbound", "default-outbound.json");
        return Collections.unmodifiableMap(m);
    }

    /** The shipped default flows as sources. */
    public static List<FlowSource> defaultSources() {
        ObjectMapper mapper = new ObjectMapper();
        List<FlowSource> sources = new ArrayList<>();
        DEFAULT_FLOWS.forEach((name, resource) -> {
            try (InputStream in = FlowLibrary.class.getResourceAsStream("/io/switchboard/routing/flow/defaults/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing default flow resource " + resource);
                }
                sources.add(FlowSource.of(name, "(built-in) " + resource, mapper.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return sources;
    }

    /** Validates and publishes the defaults plus {@code sources}; a source replaces a default of the same name. */
    public static FlowLibrary load(List<FlowSource> sources, ResourceCatalog catalog, ReferenceResolver resolver) {
        Map<String, FlowSource> byName = new LinkedHashMap<>();
        for (FlowSource source : defaultSources()) {
            byName.put(source.name(), source);
        }
        List<FlowProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FlowSource source : sources) {
            if (!seen.add(source.name())) {
                problems.add(FlowProblem.ofFlow(source.file(), "another flow file is also named '" + source.name() + "'"));
                continue;
            }
            byName.put(source.name(), source);
        }
        FlowLoader loader = new FlowLoader(new ActionTypes(), resolver, catalog);
        Set<String> candidates = new HashSet<>();
        byName.forEach((name, source) -> {
            if (source.json() == null) {
                problems.add(FlowProblem.ofFlow(source.file(), source.readError()));
            } else {
                candidates.add(name);
            }
        });
        // A flow is published only if the flows it names are: drop failures until nothing new fails.
        Map<String, FlowLoadResult> results;
        while (true) {
            results = new TreeMap<>();
            Set<String> failed = new HashSet<>();
            for (String name : candidates) {
                JsonNode json = byName.get(name).json();
                FlowLoadResult result = loader.load(name, byName.get(name).file(), json, Set.copyOf(candidates));
                results.put(name, result);
                if (!result.ok()) {
                    failed.add(name);
                }
            }
            if (failed.isEmpty()) {
                break;
            }
            for (String name : failed) {
                problems.addAll(results.get(name).problems());
            }
            candidates.removeAll(failed);
        }
        Map<String, Flow> flows = new TreeMap<>();
        results.forEach((name, result) -> flows.put(name, result.flow()));
        return new FlowLibrary(flows, problems);
    }

    /**
     * The version of the whole set: the first 12 hex digits of the SHA-256 of every flow's name and version.
     * A reload publishes all changed flows at once as a new library, so one version names what runs.
     */
    public String version() {
        StringBuilder all = new StringBuilder();
        flows.forEach((name, flow) -> all.append(name).append('=').append(flow.version()).append('\n'));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public Optional<Flow> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    public Set<String> names() {
        return flows.keySet();
    }

    /** Every problem of every flow that was not published. */
    public List<FlowProblem> problems() {
        return problems;
    }

    /** The actions of the published flows that speak, with their synthesiser voices. */
    public List<SpeechUse> speechUses() {
        return flows.values().stream().flatMap(flow -> flow.speech().stream()).toList();
    }
}

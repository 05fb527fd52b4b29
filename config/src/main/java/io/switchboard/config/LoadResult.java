package io.switchboard.config;

import io.switchboard.config.InstanceConfig;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of loading an instance directory: a validated snapshot, or every problem found. */
public final class LoadResult {

    private final InstanceConfig config;
    private final List<ConfigProblem> problems;

    private LoadResult(InstanceConfig config, List<ConfigProblem> problems) {
        this.config = config;
        this.problems = List.copyOf(problems);
    }

    static LoadResult valid(InstanceConfig config) {
        return new LoadResult(config, List.of());
    }

    static LoadResult invalid(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs problems");
        }
        return new LoadResult(null, problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The snapshot; only for a valid result. */
    public InstanceConfig config() {
        if (config == null) {
            throw new IllegalStateException("configuration is invalid:\n" + describeProblems());
        }
        return config;
    }

    /** Every problem, ordered by file and line; empty when valid. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The problems one per line, as printed by the validate subcommand and logged on a failed reload. */
    public String describeProblems() {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return isValid() ? "LoadResult[valid]" : "LoadResult[" + problems.size() + " problems]";
    }
}

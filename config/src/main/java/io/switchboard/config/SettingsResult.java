package io.switchboard.config;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of resolving server settings: the settings, or every problem found in the layers. */
public final class SettingsResult {

    private final ServerSettings settings;
    private final List<ConfigProblem> problems;

    SettingsResult(ServerSettings settings, List<ConfigProblem> problems) {
        if (settings == null && problems.isEmpty()) {
            throw new IllegalArgumentException("a result needs settings or problems");
        }
        this.settings = problems.isEmpty() ? settings : null;
        this.problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The settings; only for a valid result. */
    public ServerSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("server settings are invalid:\n" + describeProblems());
        }
        return settings;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public String describeProblems() {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return isValid() ? "SettingsResult[" + settings + "]" : "SettingsResult[" + problems.size() + " problems]";
    }
}

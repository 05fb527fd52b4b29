package io.switchboard.config.bind;

import io.switchboard.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one load, so that all of them are reported, not just the first. */
public final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    public void add(Origin origin, String field, String message) {
        String label = origin.label() != null ? origin.label() : field;
        list.add(new ConfigProblem(origin.source(), origin.line(), label, message));
    }

    public void add(String file, int line, String field, String message) {
        list.add(new ConfigProblem(file, line, field, message));
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The problems ordered by file, then line, then insertion order. */
    public List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(ConfigProblem.ORDER);
        return List.copyOf(copy);
    }
}

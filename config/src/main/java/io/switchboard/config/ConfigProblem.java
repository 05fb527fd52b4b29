package io.switchboard.config;

import java.util.Comparator;

/**
 * One configuration error. {@code file} is relative to the instance directory (or "environment" /
 * "flag" for settings from those layers), {@code line} is 1-based or 0 when the source has no
 * lines, {@code field} is the key path ({@code queues[1].hours}) or the variable or flag name.
 */
public record ConfigProblem(String file, int line, String field, String message) {

    /** Reporting order: by file, then line; problems on one line keep the order they were found in. */
    public static final Comparator<ConfigProblem> ORDER =
            Comparator.comparing(ConfigProblem::file).thenComparingInt(ConfigProblem::line);

    /** Exactly {@code file:line: field: problem}, the form editors and CI annotators jump to. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + message;
    }
}

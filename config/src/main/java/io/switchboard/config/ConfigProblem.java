package io.switchboard.config;

/**
 * One configuration error. {@code file} is relative to the instance directory (or "environment" /
 * "flag" for settings from those layers), {@code line} is 1-based or 0 when the source has no
 * lines, {@code field} is the key path ({@code queues[1].hours}) or the variable or flag name.
 */
public record ConfigProblem(String file, int line, String field, String message) {

    /** Exactly {@code file:line: field: problem}, the form editors and CI annotators jump to. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + message;
    }
}

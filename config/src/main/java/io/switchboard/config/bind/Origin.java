package io.switchboard.config.bind;

/**
 * Where a configuration value came from: a file relative to the instance directory (or a layer
 * name such as "environment"), a 1-based line (0 when the source has no lines), and an optional
 * label that replaces the key path in messages (an environment variable or flag name).
 */
public record Origin(String source, int line, String label) {

    public static Origin of(String source, int line) {
        return new Origin(source, line, null);
    }
}

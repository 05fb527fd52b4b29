package io.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The embedded demo instance (CONTRACT.md, "The demo instance"), shipped as class-path resources
 * listed in {@code demo/index.txt}. The launcher extracts it to a directory and loads it like any
 * other instance, so the demo goes through exactly the same validation and hot reload.
 */
public final class DemoInstance {

    private static final String ROOT = "demo/";
    private static final String INDEX = ROOT + "index.txt";

    private DemoInstance() {
    }

    /** The instance-relative paths of the demo's files, in index order. */
    public static List<String> files() {
        try (InputStream in = open(INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo index", e);
        }
    }

    /**
     * Writes the demo instance into {@code dir} (created if needed), replacing files of a previous
     * extraction so that an upgraded jar serves its own demo. Files the demo does not ship are left
     * alone. Returns {@code dir}.
     */
    public static Path extractTo(Path dir) throws IOException {
        for (String file : files()) {
            if (file.contains("..") || file.startsWith("/")) {
                throw new IllegalStateException("demo index names a path outside the instance: " + file);
            }
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".extract-", ".tmp");
            try (InputStream in = open(ROOT + file)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                // Atomic replace: a watcher on the directory never sees a half-written file.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return dir;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = DemoInstance.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("demo resource missing from the jar: " + resource);
        }
        return in;
    }
}

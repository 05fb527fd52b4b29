package io.switchboard.control.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads every file under a classpath directory into memory, from a directory on disk (tests, IDE runs) or
 * from a jar (the packaged server). The first classpath entry that has a file wins, as class loading does.
 */
final class ClasspathTree {
    private ClasspathTree() {
    }

    /** Relative name (with {@code /}) to file, for every file under {@code root} (no leading or trailing slash). */
    static Map<String, StaticFile> read(ClassLoader loader, String root) throws IOException {
        Map<String, StaticFile> files = new LinkedHashMap<>();
        Enumeration<URL> locations = loader.getResources(root);
        boolean found = false;
        while (locations.hasMoreElements()) {
            URL location = locations.nextElement();
            found = true;
            switch (location.getProtocol()) {
                case "file" -> readDirectory(toPath(location), files);
                case "jar" -> readJar((JarURLConnection) location.openConnection(), root, files);
                default -> throw new IOException("cannot list classpath directory " + location);
            }
        }
        if (!found) {
            throw new IOException("no classpath directory " + root);
        }
        return files;
    }

    private static Path toPath(URL location) throws IOException {
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("bad classpath location " + location, e);
        }
    }

    private static void readDirectory(Path dir, Map<String, StaticFile> files) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                String name = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                try {
                    files.putIfAbsent(name, StaticFile.of(name, Files.readAllBytes(file),
                            Files.getLastModifiedTime(file).toInstant()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void readJar(JarURLConnection connection, String root, Map<String, StaticFile> files)
            throws IOException {
        connection.setUseCaches(false);
        String prefix = root + "/";
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                String name = entry.getName().substring(prefix.length());
                try (InputStream in = jar.getInputStream(entry)) {
                    files.putIfAbsent(name, StaticFile.of(name, in.readAllBytes(),
                            entry.getTime() < 0 ? null : java.time.Instant.ofEpochMilli(entry.getTime())));
                }
            }
        }
    }
}

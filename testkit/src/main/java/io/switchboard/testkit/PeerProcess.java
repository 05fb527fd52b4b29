package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An external program (a Debian peer such as sipp or baresip, or the server itself) run as a child
 * process with its output captured to a file, a deadline, and a kill that reaches its whole process tree.
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;

    private PeerProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} in {@code workDir}, stdout and stderr merged into {@code workDir/<name>.out}. */
    public static PeerProcess start(String name, List<String> command, Path workDir, Map<String, String> env) {
        try {
            Files.createDirectories(workDir);
            Path out = workDir.resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return new PeerProcess(name, builder.start(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** True if {@code program} is on the PATH; tests use it to fail with a clear message when a peer is missing. */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Fails with a message naming the install script when a peer program is missing. */
    public static void requireOnPath(String program) {
        if (!onPath(program)) {
            throw new IllegalStateException(program + " is not installed; run scripts/install-test-deps.sh");
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path outputFile() {
        return output;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process has printed so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<unreadable output: " + e.getMessage() + ">";
        }
    }

    /**
     * Waits until a line of output matches, the process exits, or the timeout passes; polls the output
     * file every 20 ms. Returns true only when a matching line was seen.
     */
    public boolean awaitOutput(Predicate<String> lineMatches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output().split("\n")) {
                if (lineMatches.test(line)) {
                    return true;
                }
            }
            if (!process.isAlive()) {
                return output().lines().anyMatch(lineMatches);
            }
            sleep(20);
        }
        return false;
    }

    /** Waits for exit; returns the exit code, or throws (after killing the tree) when the timeout passes. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(name + " did not exit within " + timeout + "; output:\n" + tail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    /** Sends SIGTERM (not to children) so the program can shut down on its own terms. */
    public void terminate() {
        process.destroy();
    }

    /** Kills the process and every descendant with SIGKILL and waits for them to go. */
    public void kill() {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort: a zombie that will not go is reported by the caller's own checks
            }
        }
    }

    /** The last {@code lines} lines of output, for failure messages. */
    public String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            kill();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

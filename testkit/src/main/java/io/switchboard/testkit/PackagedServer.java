package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged server on free loopback ports, as a JUnit extension: it picks the ports, prepares a fresh
 * working directory (data directory, and the instance when a test brings one), starts
 * {@code server/target/switchboard.jar}, waits until {@code GET /health} answers 200, gives the test the ports
 * and paths, and stops the server with SIGTERM (then a kill) even when the test failed.
 *
 * <pre>
 * &#64;RegisterExtension
 * static PackagedServer server = PackagedServer.demo();                  // one server for the class
 *
 * &#64;RegisterExtension
 * PackagedServer server = PackagedServer.instance(work -> {              // one server per test
 *     Path dir = DemoInstance.extractTo(work.resolve("instance"));
 *     ...edit it...
 *     return dir;
 * });
 * </pre>
 *
 * A static field starts the server before the class and stops it after; an instance field does the same
 * around each test. The stop must end in exit status 0 within {@link #STOP_TIMEOUT} (the server drains
 * first), or the test fails. Outside the JUnit lifecycle, {@link #start()} and {@link #close()} do the same
 * (try-with-resources). Working directories are kept under {@code target/packaged-server/} for a look
 * after a failure.
 */
public final class PackagedServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {
    /** SIGTERM to exit: the server's drain (20 s by default) and its shutdown, with room on a busy machine. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Prepares the instance directory a server will serve, inside the server's working directory. */
    @FunctionalInterface
    public interface InstanceSetup {
        /** Writes the instance under {@code workDir} and returns its directory. */
        Path prepare(Path workDir) throws Exception;
    }

    private final InstanceSetup instanceSetup;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String serverYaml;

    private SwitchboardProcess process;
    private Path workDir;
    private Path instanceDir;
    /** The JUnit context whose end stops the server; null when started by {@link #start()}. */
    private String ownerContext;

    private PackagedServer(InstanceSetup instanceSetup) {
        this.instanceSetup = instanceSetup;
    }

    /** The embedded demo instance (no {@code --instance}), extracted into the server's data directory. */
    public static PackagedServer demo() {
        return new PackagedServer(null);
    }

    /** The instance {@code setup} writes into the server's working directory before the start. */
    public static PackagedServer instance(InstanceSetup setup) {
        return new PackagedServer(setup);
    }

    /** Starts the server with {@code yaml} as its {@code server.yaml} ({@code --config}). */
    public PackagedServer serverConfig(String yaml) {
        this.serverYaml = yaml;
        return this;
    }

    /** More command-line flags for the server. */
    public PackagedServer args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** An environment variable for the server process (for example a PATH without a program). */
    public PackagedServer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (process == null) {
            startFor(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (process == null) {
            startFor(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    private void startFor(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName()
                + context.getTestMethod().map(m -> "-" + m.getName()).orElse("");
        start(name);
        ownerContext = context.getUniqueId();
    }

    private void stopFor(ExtensionContext context) {
        if (process != null && context.getUniqueId().equals(ownerContext)) {
            ownerContext = null;
            stopCleanly();
        }
    }

    /** Starts the server now, for use without the extension lifecycle; {@link #close()} stops it. */
    public PackagedServer start() {
        start("server");
        return this;
    }

    private void start(String name) {
        if (process != null) {
            throw new IllegalStateException("the server is already running in " + workDir);
        }
        try {
            workDir = newWorkDir(name);
            List<String> flags = new ArrayList<>();
            if (instanceSetup != null) {
                instanceDir = instanceSetup.prepare(workDir);
                flags.addAll(List.of("--instance", instanceDir.toString()));
            }
            if (serverYaml != null) {
                Path yaml = Files.writeString(workDir.resolve("server.yaml"), serverYaml);
                flags.addAll(List.of("--config", yaml.toString()));
            }
            flags.addAll(args);
            process = SwitchboardProcess.launch(workDir, flags, env);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the server in " + workDir + ": " + e, e);
        }
        if (instanceDir == null) {
            instanceDir = process.dataDir().resolve("demo-instance");
        }
        if (!process.awaitReady(SwitchboardProcess.READY_TIMEOUT)) {
            String output = process.process().tail(60);
            process.close();
            process = null;
            throw new IllegalStateException("switchboard in " + workDir + " did not answer /health with 200 within "
                    + SwitchboardProcess.READY_TIMEOUT + "; output:\n" + output);
        }
    }

    private static Path newWorkDir(String name) throws IOException {
        Path target = Path.of("target");
        Path root = Files.isDirectory(target) ? target.resolve("packaged-server")
                : Path.of(System.getProperty("java.io.tmpdir"), "switchboard-packaged-server");
        Files.createDirectories(root);
        Path dir = root.resolve(name + "-" + ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet());
        return Files.createDirectories(dir).toAbsolutePath();
    }

    private SwitchboardProcess running() {
        if (process == null) {
            throw new IllegalStateException("the server is not running (register the extension or call start())");
        }
        return process;
    }

    public SwitchboardProcess.Ports ports() {
        return running().ports();
    }

    /** The SIP port (UDP and TCP) on 127.0.0.1. */
    public int sipPort() {
        return ports().sip();
    }

    public Path dataDir() {
        return running().dataDir();
    }

    /** The instance being served: the test's, or the demo extracted into the data directory. */
    public Path instanceDir() {
        running();
        return instanceDir;
    }

    /** Where the server runs: its data directory, {@code server.yaml} and output ({@code switchboard.out}). */
    public Path workDir() {
        running();
        return workDir;
    }

    /** The server process, for its output and exit status. */
    public PeerProcess process() {
        return running().process();
    }

    public URI http(String path) {
        return running().http(path);
    }

    /** Logs {@code username} in with {@code password}; the bearer token (fails on any answer but 200). */
    public String login(String username, String password) {
        return running().login(username, password);
    }

    /** A GET against the server's HTTP port. */
    public HttpResponse<String> get(String path) {
        return running().get(path);
    }

    /** {@code GET /health} as JSON, whatever its status code (200 when ready, 503 while starting or draining). */
    public JsonNode health() {
        try {
            return JSON.readTree(get("/health").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code detail} that {@code GET /health} gives for {@code module}. */
    public String healthDetail(String module) {
        return health().path("modules").path(module).path("detail").asText();
    }

    /** One scrape of {@code GET /metrics}. */
    public PrometheusText metrics() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return PrometheusText.parse(response.body());
    }

    /** The value of one series on {@code /metrics}, e.g. {@code switchboard_queue_contacts{queue="Sales"}}. */
    public double metric(String series) {
        return metrics().value(series);
    }

    /** Waits until {@code series} on {@code /metrics} has {@code value}. */
    public void awaitMetric(String series, double value, Duration timeout) {
        double[] last = {Double.NaN};
        try {
            Await.until(series + " = " + value, timeout, () -> {
                last[0] = metrics().find(series).orElse(Double.NaN);
                return last[0] == value;
            });
        } catch (AssertionError e) {
            throw new AssertionError(series + " is " + last[0] + ", not " + value + " after " + timeout
                    + "; server output:\n" + process().tail(20), e);
        }
    }

    /** Sends SIGTERM and waits for the exit status; kills the process tree when it takes longer than {@code timeout}. */
    public int stop(Duration timeout) {
        return running().stop(timeout);
    }

    /** SIGTERM, then the server must exit 0 within {@link #STOP_TIMEOUT}; its output tail explains a failure. */
    public void stopCleanly() {
        SwitchboardProcess stopping = process;
        if (stopping == null) {
            return;
        }
        try {
            if (stopping.process().isAlive()) {
                int exit = stopping.stop(STOP_TIMEOUT);
                if (exit != 0) {
                    throw new AssertionError("switchboard exited " + exit + " on SIGTERM:\n" + stopping.process().tail(30));
                }
            }
        } finally {
            stopping.close();
            process = null;
        }
    }

    /** Kills whatever is left of the server (after a test that stopped it itself, or failed). */
    @Override
    public void close() {
        if (process != null) {
            try {
                if (process.process().isAlive()) {
                    process.stop(STOP_TIMEOUT);
                }
            } catch (RuntimeException e) {
                // stop() killed it after the timeout; the test's own assertions tell the story
            } finally {
                process.close();
                process = null;
            }
        }
    }
}

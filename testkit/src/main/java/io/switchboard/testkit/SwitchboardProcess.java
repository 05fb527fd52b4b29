package io.switchboard.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The packaged server ({@code server/target/switchboard.jar}) run as a child process on free loopback
 * ports with its own temporary data directory: started, awaited until {@code GET /health} answers 200 on its
 * HTTP port, and stopped with SIGTERM. {@link PackagedServer} gives tests the same as a JUnit extension.
 */
public final class SwitchboardProcess implements AutoCloseable {
    /** How long a start may take before the test fails; startup is expected well under 3 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final PeerProcess process;
    private final Ports ports;
    private final Path dataDir;

    /** The ports a server was given. */
    public record Ports(int sip, int http, int turn, int rtpLow, int rtpHigh) {
        /** Free loopback ports for every listener, with a 200-port RTP range. */
        public static Ports free() {
            int rtpLow = FreePorts.udpRange(200);
            return new Ports(FreePorts.tcpAndUdp(), FreePorts.tcp(), FreePorts.tcpAndUdp(), rtpLow, rtpLow + 199);
        }

        List<String> flags() {
            return List.of("--bind", "127.0.0.1", "--public-address", "127.0.0.1",
                    "--sip-port", Integer.toString(sip), "--http-port", Integer.toString(http),
                    "--turn-port", Integer.toString(turn), "--rtp-ports", rtpLow + "-" + rtpHigh);
        }
    }

    private SwitchboardProcess(PeerProcess process, Ports ports, Path dataDir) {
        this.process = process;
        this.ports = ports;
        this.dataDir = dataDir;
    }

    /** The jar under test: the {@code switchboard.jar} system property, else the reactor's server/target. */
    public static Path jar() {
        String configured = System.getProperty("switchboard.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("server/target/switchboard.jar");
            if (Files.exists(candidate)) {
                return candidate;
            }
            if (dir.getFileName() != null && dir.getFileName().toString().equals("server")
                    && Files.exists(dir.resolve("target/switchboard.jar"))) {
                return dir.resolve("target/switchboard.jar");
            }
        }
        throw new IllegalStateException("switchboard.jar not found; build it with mvn -DskipTests package");
    }

    /**
     * Starts the server on free ports with {@code extraArgs} (for example {@code --instance DIR}) and a
     * fresh data directory under {@code workDir}, without waiting for readiness.
     */
    public static SwitchboardProcess launch(Path workDir, List<String> extraArgs) {
        return launch(workDir, extraArgs, Map.of());
    }

    /** As {@link #launch(Path, List)}, with {@code env} added to the server's environment. */
    public static SwitchboardProcess launch(Path workDir, List<String> extraArgs, Map<String, String> env) {
        Ports ports = Ports.free();
        Path data = workDir.resolve("data");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString(),
                "--data", data.toString()));
        command.addAll(ports.flags());
        command.addAll(extraArgs);
        return new SwitchboardProcess(PeerProcess.start("switchboard", command, workDir, env), ports, data);
    }

    /** Starts the server and waits until it is ready; fails with its output if it is not. */
    public static SwitchboardProcess start(Path workDir, List<String> extraArgs) {
        SwitchboardProcess server = launch(workDir, extraArgs);
        if (!server.awaitReady(READY_TIMEOUT)) {
            String output = server.process.tail(60);
            server.close();
            throw new IllegalStateException("switchboard did not become ready; output:\n" + output);
        }
        return server;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Waits until {@code GET /health} answers 200 (every module up), polling the HTTP port every 20 ms; false
     * when the process exits or {@code timeout} passes first.
     */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(http("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() - deadline < 0 && process.isAlive()) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return false;
    }

    public Ports ports() {
        return ports;
    }

    public Path dataDir() {
        return dataDir;
    }

    public PeerProcess process() {
        return process;
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + ports.http() + path);
    }

    /** A GET against the server's HTTP port. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code POST /api/login} as {@code username}; returns the session's bearer token, and fails (AssertionError)
     * on any answer but 200.
     */
    public String login(String username, String password) {
        String body = JSON.createObjectNode().put("username", username).put("password", password).toString();
        try {
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(http("/api/login"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new AssertionError("login as " + username + ": " + login.statusCode() + " " + login.body());
            }
            return JSON.readTree(login.body()).path("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM and returns the exit status; kills the process if it does not exit in time. */
    public int stop(Duration timeout) {
        process.terminate();
        return process.awaitExit(timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}

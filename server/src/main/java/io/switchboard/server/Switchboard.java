package io.switchboard.server;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.config.ConfigProblem;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.InstanceWatcher;
import io.switchboard.config.LoadResult;
import io.switchboard.config.ServerSettings;
import io.switchboard.server.health.HealthRegistry;
import io.switchboard.server.health.HealthRoute;
import io.switchboard.server.health.ModuleState;
import io.switchboard.server.http.HttpReply;
import io.switchboard.server.http.HttpRoutes;
import io.switchboard.server.http.HttpServer;
import io.switchboard.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: loads the instance, wires the modules, serves HTTP, and stops in reverse order.
 * {@link #start} either returns a server whose every module listens, or throws and leaves nothing behind.
 */
public final class Switchboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard");

    private final ServerSettings settings;
    private final HealthRegistry health = new HealthRegistry();
    private final ServerMetrics metrics = new ServerMetrics();
    private final HttpRoutes routes = new HttpRoutes();
    /** Everything started, closed last-in first-out. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private InstanceWatcher instanceWatcher;
    private HttpServer http;
    private volatile boolean stopped;

    private Switchboard(ServerSettings settings) {
        this.settings = settings;
    }

    /** Starts a server; on failure every part already started is stopped again before the exception leaves. */
    public static Switchboard start(ServerSettings settings) throws StartupException {
        Switchboard server = new Switchboard(settings);
        try {
            server.startModules();
            return server;
        } catch (StartupException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startModules() throws StartupException {
        long startNanos = System.nanoTime();
        Path dataDir = prepareDataDirectory(settings.dataDir());
        Path instanceDir = settings.instanceDir() != null
                ? settings.instanceDir()
                : extractDemo(dataDir.resolve("demo-instance"));

        health.set("config", ModuleState.STARTING, "loading " + instanceDir);
        InstanceConfig instance = loadInstance(instanceDir);
        try {
            instanceWatcher = InstanceWatcher.start(instanceDir, instance);
        } catch (IOException e) {
            throw new StartupException("cannot watch instance directory " + instanceDir + " for changes: "
                    + e.getMessage(), e);
        }
        started.push(instanceWatcher);
        instanceWatcher.addListener((previous, current) -> {
            health.set("config", ModuleState.UP, describe(instanceDir, current));
            LOG.info("instance {} reloaded", instanceDir);
        });
        health.set("config", ModuleState.UP, describe(instanceDir, instance));

        // Modules that do not exist yet are reported honestly rather than pretended.
        health.set("sip-edge", ModuleState.NOT_SERVED, "not implemented yet: no SIP listener on port "
                + settings.sipPort());
        health.set("media-relay", ModuleState.NOT_SERVED, "not implemented yet: RTP range "
                + settings.rtpPortLow() + "-" + settings.rtpPortHigh() + " not in use");
        health.set("turn", ModuleState.NOT_SERVED, "not implemented yet: no TURN listener on port "
                + settings.turnPort());
        health.set("routing-adapter", ModuleState.NOT_SERVED, "instance loaded and validated; contact flows, "
                + "queues and agents are not served until the routing adapter exists");

        routes.add(HttpMethod.GET, "/health", new HealthRoute(health));
        routes.add(HttpMethod.GET, "/metrics",
                request -> new HttpReply(HttpResponseStatus.OK, metrics.contentType(), metrics.scrape()));
        http = startHttp(new InetSocketAddress(settings.bindAddress(), settings.httpPort()));
        started.push(http);
        health.set("http", ModuleState.UP, "listening on " + listening(http.localAddress()));

        health.setReady(true);
        LOG.info("switchboard ready http={} instance={} data={} startup={}ms",
                listening(http.localAddress()), instanceDir, dataDir,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    private static Path prepareDataDirectory(Path dataDir) throws StartupException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dataDir) || !Files.isReadable(dataDir) || !Files.isWritable(dataDir)) {
            throw new StartupException("data directory " + dataDir + " is not a readable and writable directory");
        }
        return dataDir;
    }

    private static Path extractDemo(Path target) throws StartupException {
        try {
            DemoInstance.extractTo(target);
            return target;
        } catch (IOException e) {
            throw new StartupException("cannot write the demo instance to " + target + ": " + e.getMessage(), e);
        }
    }

    private static InstanceConfig loadInstance(Path instanceDir) throws StartupException {
        LoadResult result = InstanceLoader.load(instanceDir);
        if (!result.isValid()) {
            String problems = result.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("\n  "));
            throw new StartupException("invalid instance " + instanceDir + " (" + result.problems().size()
                    + " problem" + (result.problems().size() == 1 ? "" : "s") + "):\n  " + problems);
        }
        return result.config();
    }

    private HttpServer startHttp(InetSocketAddress address) throws StartupException {
        try {
            return HttpServer.start(address, routes);
        } catch (Exception e) {
            throw bindFailure("http", address, e);
        }
    }

    /** One clear line for the operator: which module, which address, and why. */
    static StartupException bindFailure(String module, InetSocketAddress address, Exception e) {
        boolean inUse = e instanceof BindException
                || String.valueOf(e.getMessage()).toLowerCase().contains("address already in use");
        String why = inUse ? "address already in use" : e.toString();
        return new StartupException("cannot listen on " + format(address) + " (" + module + "): " + why, e);
    }

    /** The configured bind address with the port actually bound (a wildcard shows as configured, not as ::). */
    private String listening(InetSocketAddress bound) {
        return settings.bindAddress() + ":" + bound.getPort();
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static String describe(Path dir, InstanceConfig config) {
        return "instance " + dir + ": " + config.phoneNumbers().size() + " numbers, " + config.flows().size()
                + " flows, " + config.queues().size() + " queues, " + config.users().size() + " users, "
                + config.trunks().size() + " trunks";
    }

    public HttpRoutes routes() {
        return routes;
    }

    public HealthRegistry health() {
        return health;
    }

    public InetSocketAddress httpAddress() {
        return http.localAddress();
    }

    /**
     * Stops taking new work, lets running work finish for at most the drain timeout, then closes every
     * module in reverse start order.
     */
    public void drainAndStop() {
        if (stopped) {
            return;
        }
        health.setReady(false);
        health.snapshot().forEach((module, h) -> health.set(module, ModuleState.DRAINING, h.detail()));
        LOG.info("switchboard draining (at most {} s)", settings.drainTimeout().toSeconds());
        // No module carries calls yet, so there is nothing to wait for; modules that do will block here.
        close();
        LOG.info("switchboard stopped");
    }

    @Override
    public synchronized void close() {
        stopped = true;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

package io.switchboard.server;

import io.switchboard.config.ConfigProblem;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.InstanceWatcher;
import io.switchboard.config.LoadResult;
import io.switchboard.config.ServerSettings;
import io.switchboard.config.model.Queue;
import io.switchboard.control.ControlApi;
import io.switchboard.control.ControlApiSettings;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.ws.WebSocketRoutes;
import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.call.SoftphoneSettings;
import io.switchboard.server.agent.AgentMessages;
import io.switchboard.server.agent.AgentRoutes;
import io.switchboard.server.agent.AgentSocketEndpoint;
import io.switchboard.server.agent.AgentSocketSettings;
import io.switchboard.server.callback.CallbackRoutes;
import io.switchboard.server.health.HealthRegistry;
import io.switchboard.server.health.HealthRoute;
import io.switchboard.server.health.ModuleState;
import io.switchboard.server.records.ContactRecordRoutes;
import io.switchboard.server.records.RecordStreamEndpoint;
import io.switchboard.server.metrics.CurrentMetricRoutes;
import io.switchboard.server.turn.IceServerRoutes;
import io.switchboard.server.web.WebListeners;
import io.switchboard.turn.TurnServers;
import io.switchboard.turn.api.TurnServer;
import io.switchboard.server.metrics.ModuleMetrics;
import io.switchboard.server.metrics.ServerMetrics;
import io.switchboard.server.security.SecurityEventStream;
import io.switchboard.sip.SipEdgeServer;
import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdge;
import io.switchboard.sip.api.SipEdgeAddresses;
import io.switchboard.sip.api.SipEdgeStartException;
import io.switchboard.sip.api.TrunkDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** The address peers are told to send SIP and RTP to, chosen once at start. */
    private final String advertised;
    private final HealthRegistry health = new HealthRegistry();
    private final ServerMetrics metrics = new ServerMetrics();
    private final HttpRoutes routes = new HttpRoutes();
    private final WebSocketRoutes webSockets = new WebSocketRoutes();
    /** Everything started, closed last-in first-out. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** How long the edge may take to send the BYEs of calls hung up at the end of a drain. */
    private static final Duration BYE_GRACE = Duration.ofSeconds(2);
    /** How long a reload may wait for the contact center's loop to swap the instance in. */
    private static final Duration RELOAD_LIMIT = Duration.ofSeconds(10);

    /** Created before the relay, which needs its listener at start; bound to the contact center after. */
    private final MediaEventInlet mediaEvents = new MediaEventInlet();
    private InstanceWatcher instanceWatcher;
    private MediaRelay mediaRelay;
    private ContactCenter contactCenter;
    private volatile SipEdge sipEdge;
    private SipEdgeAddresses sipAddresses;
    private ControlApi http;
    /** Where HTTPS listens, or null without TLS material or --self-signed. */
    private InetSocketAddress httpsAddress;
    private TurnServer turn;
    private volatile boolean stopped;

    private Switchboard(ServerSettings settings) {
        this.settings = settings;
        this.advertised = ModuleSettings.advertisedAddress(settings);
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
        for (String module : new String[] {"sip-edge", "media-relay", "routing-adapter", "turn"}) {
            health.set(module, ModuleState.STARTING, "starting");
        }
        InstanceConfig instance = loadInstance(instanceDir);
        try {
            instanceWatcher = InstanceWatcher.start(instanceDir, instance);
        } catch (IOException e) {
            throw new StartupException("cannot watch instance directory " + instanceDir + " for changes: "
                    + e.getMessage(), e);
        }
        started.push(instanceWatcher);
        ModuleMetrics.instance(metrics.registry(), instanceWatcher);
        health.set("config", ModuleState.UP, describe(instanceDir, instance));
        startTurn(instance);

        startMedia(dataDir);
        startContactCenter(dataDir, instance);
        instanceWatcher.addListener((previous, current) -> {
            health.set("config", ModuleState.UP, describe(instanceDir, current));
            applyReload(current);
            health.set("routing-adapter", ModuleState.UP, describeFlows());
            SipEdge edge = sipEdge;
            // Compared as the edge sees them: the config records hold Patterns, which have no equals().
            List<TrunkDefinition> trunks = ModuleSettings.trunks(current);
            if (edge != null && !ModuleSettings.trunks(previous).equals(trunks)) {
                try {
                    edge.setTrunks(trunks); // new calls use them; calls in progress keep theirs until they end
                } catch (IllegalArgumentException e) {
                    LOG.warn("trunk changes in {} refused, the SIP edge keeps its trunks: {}", instanceDir,
                            e.getMessage());
                }
            }
            Map<String, DigestSecret> phones = ModuleSettings.phoneUsers(current);
            if (edge != null && !ModuleSettings.phoneUsers(previous).equals(phones)) {
                edge.setPhoneUsers(phones); // SIP phones apply on reload; a removed phone loses its bindings
            }
            LOG.info("instance {} reloaded", instanceDir);
        });
        if (instanceWatcher.current() != instance) {
            // A reload landed while the contact center was being built, before its listener was added.
            applyReload(instanceWatcher.current());
        }
        startSipEdge(instance);

        routes.add(HttpMethod.GET, "/health", new HealthRoute(health));
        routes.add(HttpMethod.GET, "/metrics",
                request -> HttpResponse.of(200, metrics.contentType(), metrics.scrape()));
        WebListeners.mountPages(routes);
        http = startHttp(new InetSocketAddress(settings.bindAddress(), settings.httpPort()));
        started.push(http);
        httpsAddress = WebListeners.startHttps(http, settings, advertised);
        ContactRecordRoutes.add(routes, http.authenticator(), contactCenter);
        CallbackRoutes.add(routes, http.authenticator(), contactCenter, instanceWatcher::current);
        AgentRoutes.add(routes, http.authenticator(), contactCenter.agents());
        CurrentMetricRoutes.add(routes, http.authenticator(), contactCenter, instanceWatcher::current);
        AgentRoutes.follow(http, contactCenter.agents());
        IceServerRoutes.add(routes, http.authenticator(), settings.turnSecret(), advertised, settings.turnPort(),
                turn.tlsAddress() == null ? 0 : settings.turnsPort(), settings.turnCredentialTtlSeconds(),
                java.time.Clock.systemUTC());
        int turnsPort = turn.tlsAddress() == null ? 0 : settings.turnsPort();
        AgentSocketEndpoint agentSockets = new AgentSocketEndpoint(contactCenter.agents(),
                new AgentSocketSettings(java.time.Duration.ofSeconds(settings.agentPingIntervalSeconds()),
                        java.time.Duration.ofSeconds(settings.agentPongTimeoutSeconds())),
                username -> AgentMessages.json(IceServerRoutes.iceServers(settings.turnSecret(), advertised,
                        settings.turnPort(), turnsPort, settings.turnCredentialTtlSeconds(), java.time.Clock.systemUTC(),
                        username)));
        webSockets.add(AgentSocketEndpoint.PATH, agentSockets);
        ModuleMetrics.agentPanels(metrics.registry(), agentSockets.figures());
        webSockets.add(RecordStreamEndpoint.PATH, new RecordStreamEndpoint(contactCenter.recordFeed(),
                instanceWatcher::current));
        // A reload that removes a user, or changes their password, ends their sessions and WebSockets.
        instanceWatcher.addListener((previous, current) -> http.usersChanged());
        health.set("http", ModuleState.UP, "listening on " + listening(http.localAddress())
                + (httpsAddress == null ? "" : ", https on " + listening(httpsAddress)));

        health.setReady(true);
        LOG.info("switchboard ready http={} sip={} turn={} rtp={}:{}-{} instance={} data={} startup={}ms",
                listening(http.localAddress()), describeSip(), describeTurn(),
                advertised, settings.rtpPortLow(), settings.rtpPortHigh(), instanceDir, dataDir,
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

    private void startMedia(Path dataDir) throws StartupException {
        health.set("media-relay", ModuleState.STARTING, "starting");
        MediaRelaySettings relaySettings = ModuleSettings.mediaRelay(settings, advertised, dataDir.resolve("recordings"));
        try {
            mediaRelay = MediaRelays.start(relaySettings, mediaEvents);
        } catch (RuntimeException e) {
            throw new StartupException("cannot start the media relay: " + e.getMessage(), e);
        }
        started.push(mediaRelay);
        ModuleMetrics.mediaRelay(metrics.registry(), mediaRelay);
        health.set("media-relay", ModuleState.UP, "RTP on " + settings.bindAddress() + " ports "
                + settings.rtpPortLow() + "-" + settings.rtpPortHigh() + ", advertised as "
                + advertised);
    }

    private void startContactCenter(Path dataDir, InstanceConfig instance) throws StartupException {
        try {
            ContactCenter.Options options = ContactCenter.Options.defaults(dataDir).withAgents(
                    new AgentRoster.Settings(AgentRoster.Settings.HEART_BEAT, settings.agentDisconnectGrace()), false)
                    .withSoftphones(new SoftphoneSettings(
                            java.time.Duration.ofSeconds(settings.agentOfferTimeoutSeconds()),
                            java.time.Duration.ofSeconds(settings.agentReconnectWindowSeconds()),
                            settings.agentAfterReconnectWindow() == ServerSettings.AfterReconnectWindow.DISCONNECT
                                    ? SoftphoneSettings.AfterWindow.DISCONNECT : SoftphoneSettings.AfterWindow.REQUEUE));
            contactCenter = ContactCenter.start(options, instance, mediaRelay, mediaEvents);
        } catch (IOException e) {
            throw new StartupException("cannot start the contact center in " + dataDir + ": " + e.getMessage(), e);
        }
        started.push(contactCenter);
        ModuleMetrics.contactCenter(metrics.registry(), contactCenter,
                () -> instanceWatcher.current().queues().stream().map(Queue::name).toList());
        ModuleMetrics.agents(metrics.registry(), contactCenter,
                () -> instanceWatcher.current().routingProfiles().stream().map(r -> r.name()).toList());
        health.set("routing-adapter", ModuleState.UP, describeFlows());
    }

    /** Hands a reloaded instance to the contact center and waits until its loop swapped it in. */
    private void applyReload(InstanceConfig next) {
        try {
            contactCenter.reload(next).get(RELOAD_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the contact center did not take the reloaded instance within {} s: {}", RELOAD_LIMIT.toSeconds(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startTurn(InstanceConfig instance) throws StartupException {
        health.set("turn", ModuleState.STARTING, "starting");
        try {
            turn = TurnServers.start(ModuleSettings.turn(settings, advertised, instance));
        } catch (RuntimeException e) {
            throw StartupException.bindFailure("turn", new InetSocketAddress(settings.bindAddress(), settings.turnPort()), e);
        }
        started.push(turn);
        ModuleMetrics.turn(metrics.registry(), turn);
        health.set("turn", ModuleState.UP, "listening on udp and tcp " + listening(turn.udpAddress())
                + (turn.tlsAddress() == null ? "" : " and tls " + listening(turn.tlsAddress()))
                + ", relaying from " + advertised + " ports " + settings.turnRelayPorts());
    }

    private void startSipEdge(InstanceConfig instance) throws StartupException {
        SipEdge edge;
        SecurityEventStream securityEvents = new SecurityEventStream(settings.dataDir());
        started.push(securityEvents); // closed after the edge, which is pushed later and stopped first
        try {
            edge = SipEdgeServer.start(ModuleSettings.sipEdge(settings, advertised), ModuleSettings.trunks(instance),
                    contactCenter.callHandler(), securityEvents);
        } catch (SipEdgeStartException e) {
            throw StartupException.bindFailure("sip", new InetSocketAddress(settings.bindAddress(), settings.sipPort()), e);
        }
        sipAddresses = edge.addresses();
        sipEdge = edge;
        edge.setPhoneUsers(ModuleSettings.phoneUsers(instance));
        started.push(edge);
        // Transfers to external numbers dial through the edge; the contact center exists before it.
        contactCenter.useDialer(new EdgeDialer(edge));
        ModuleMetrics.sipEdge(metrics.registry(), edge);
        health.set("sip-edge", ModuleState.UP, "listening on udp " + listening(sipAddresses.udp()) + " and tcp "
                + listening(sipAddresses.tcp())
                + (sipAddresses.tls() == null ? "" : " and tls " + listening(sipAddresses.tls()))
                + ", " + instance.trunks().size() + " trunks");
    }

    /** The SIP listeners for the ready line, as {@code udp:ADDR,tcp:ADDR[,tls:ADDR]}. */
    private String describeSip() {
        return "udp:" + listening(sipAddresses.udp()) + ",tcp:" + listening(sipAddresses.tcp())
                + (sipAddresses.tls() == null ? "" : ",tls:" + listening(sipAddresses.tls()));
    }

    /** The TURN listeners for the ready line, as {@code udp+tcp:ADDR[,tls:ADDR]}. */
    private String describeTurn() {
        return "udp+tcp:" + listening(turn.udpAddress()) + (turn.tlsAddress() == null ? ""
                : ",tls:" + listening(turn.tlsAddress()));
    }

    private String describeFlows() {
        int problems = contactCenter.figures().flowProblems();
        return contactCenter.figures().flowsPublished() + " flows published (version "
                + contactCenter.engine().library().version() + ")" + (problems == 0 ? ""
                : ", " + problems + " problems (flows left out, see the log)")
                + (contactCenter.speechProblems().isEmpty() ? ""
                        : "; text-to-speech will fail for some blocks (espeak-ng or a voice missing, see the log)")
                + speechEngineNote()
                + "; desk-phone agents take queued calls (softphones wait for the browser softphone)";
    }

    /** "; espeak-ng missing: only built-in prompts speak" when the relay's speech engine cannot run, else "". */
    private String speechEngineNote() {
        try {
            mediaRelay.checkSpeechEngine().get(10, TimeUnit.SECONDS);
            return "";
        } catch (ExecutionException e) {
            return "; " + e.getCause().getMessage() + ": only built-in prompts speak";
        } catch (TimeoutException e) {
            return "; the speech engine did not answer within 10 s: only built-in prompts may speak";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private ControlApi startHttp(InetSocketAddress address) throws StartupException {
        try {
            return ControlApi.start(ControlApiSettings.defaults(address),
                    username -> instanceWatcher.current().user(username), routes, webSockets);
        } catch (Exception e) {
            throw StartupException.bindFailure("http", address, e);
        }
    }

    /** One clear line for the operator: which module, which address, and why. */
    /** The configured bind address with the port actually bound (a wildcard shows as configured, not as ::). */
    private String listening(InetSocketAddress bound) {
        return settings.bindAddress() + ":" + bound.getPort();
    }

    private static String describe(Path dir, InstanceConfig config) {
        return "instance " + dir + ": " + config.phoneNumbers().size() + " numbers, " + config.flows().size()
                + " flows, " + config.queues().size() + " queues, " + config.users().size() + " users, "
                + config.trunks().size() + " trunks";
    }

    public HttpRoutes routes() {
        return routes;
    }

    public WebSocketRoutes webSockets() {
        return webSockets;
    }

    public HealthRegistry health() {
        return health;
    }

    public InetSocketAddress httpAddress() {
        return http.localAddress();
    }

    /** Where HTTPS listens, or null when it does not. */
    public InetSocketAddress httpsAddress() {
        return httpsAddress;
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
        if (contactCenter != null) {
            drainCalls();
        }
        close();
        LOG.info("switchboard stopped");
    }

    /** New INVITEs get 503 while running calls may finish; calls still up when the time is over get a BYE. */
    private void drainCalls() {
        try {
            contactCenter.stopAccepting().get(BYE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            int left = contactCenter.awaitCallsEnded(settings.drainTimeout());
            if (left > 0) {
                LOG.info("drain time over: hanging up {} call{}", left, left == 1 ? "" : "s");
                contactCenter.hangUpAll();
                // Let the edge send the BYEs before its loops stop.
                long deadline = System.nanoTime() + BYE_GRACE.toNanos();
                while (sipEdge != null && sipEdge.metrics().getOrDefault("calls_active", 0L) > 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the contact center did not stop taking calls: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

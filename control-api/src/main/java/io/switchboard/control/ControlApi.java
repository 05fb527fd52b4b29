package io.switchboard.control;

import io.switchboard.control.auth.AuthRoutes;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.LoginRateLimiter;
import io.switchboard.control.auth.SessionStore;
import io.switchboard.control.auth.UserDirectory;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.http.HttpServer;
import io.switchboard.control.tls.ServerTls;
import io.switchboard.control.ws.OriginPolicy;
import io.switchboard.control.ws.WebSocketRoutes;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.control.ws.WebSocketSessions;
import io.switchboard.control.ws.WebSocketUpgrades;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the control surface: the session store, the login routes, the WebSocket upgrades and the HTTP
 * listener, around the routes and endpoints the launcher and the other modules put on the tables. Other
 * {@code /api} routes take the caller through {@link #authenticator()}. Stops in reverse: sockets closed
 * with 1001, then the listener, then the password checker.
 */
public final class ControlApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("http");
    /** How often idle sessions and refilled login limits are swept out of memory. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Logins waiting for the password checker at most; beyond, 503 (bcrypt is the bottleneck by design). */
    static final int LOGIN_QUEUE = 32;

    private final SessionStore sessions;
    private final Authenticator authenticator;
    private final WebSocketSessions sockets;
    private final ThreadPoolExecutor checks;
    private HttpServer server;
    /** The HTTPS listener, when {@link #listenTls} started one; same routes, same upgrades. */
    private HttpServer tlsServer;
    private HttpRoutes routes;
    private WebSocketUpgrades upgrades;

    private ControlApi(SessionStore sessions, WebSocketSessions sockets, ThreadPoolExecutor checks) {
        this.sessions = sessions;
        this.authenticator = new Authenticator(sessions);
        this.sockets = sockets;
        this.checks = checks;
    }

    /** As {@link #start(ControlApiSettings, UserDirectory, HttpRoutes, WebSocketRoutes, Clock)} on the system clock. */
    public static ControlApi start(ControlApiSettings settings, UserDirectory users, HttpRoutes routes,
                                   WebSocketRoutes webSockets) throws Exception {
        return start(settings, users, routes, webSockets, Clock.systemUTC());
    }

    /**
     * Adds the session routes to {@code routes} and listens; throws {@link java.net.BindException} (possibly
     * wrapped) when the address is taken, having stopped what it started.
     */
    public static ControlApi start(ControlApiSettings settings, UserDirectory users, HttpRoutes routes,
                                   WebSocketRoutes webSockets, Clock clock) throws Exception {
        OriginPolicy origins = OriginPolicy.allowing(settings.allowedOrigins());
        SessionStore sessions = new SessionStore(users, clock, settings.sessionIdleTimeout());
        LoginRateLimiter limiter = new LoginRateLimiter(clock, settings.loginBurst(), settings.loginInterval());
        ThreadPoolExecutor checks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(LOGIN_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "login-check");
                    thread.setDaemon(true);
                    return thread;
                });
        WebSocketSessions sockets = new WebSocketSessions();
        sessions.onEnd(sockets::sessionEnded);
        ControlApi api = new ControlApi(sessions, sockets, checks);
        try {
            AuthRoutes.add(routes, api.authenticator, users, limiter, checks, settings.decoyCost());
            WebSocketUpgrades upgrades = new WebSocketUpgrades(webSockets, origins, api.authenticator, sockets,
                    settings.webSocket());
            api.routes = routes;
            api.upgrades = upgrades;
            api.server = HttpServer.start(settings.address(), routes, upgrades);
        } catch (Exception | Error e) {
            api.close();
            throw e;
        }
        api.server.every(SWEEP_INTERVAL, () -> {
            int ended = sessions.sweep();
            limiter.sweep();
            if (ended > 0) {
                LOG.debug("{} idle session(s) ended", ended);
            }
        });
        LOG.debug("control api on {}: sessions idle out after {}, websocket origins: {}", api.localAddress(),
                settings.sessionIdleTimeout(), origins);
        return api;
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /**
     * Serves the same routes and WebSockets over TLS on {@code address} as well (browsers give a page the
     * microphone only on a secure origin); throws {@link java.net.BindException} (possibly wrapped) when the
     * address is taken. Cookies set over it are Secure, and its WebSockets check the https origin.
     */
    public InetSocketAddress listenTls(InetSocketAddress address, ServerTls tls) throws Exception {
        if (tlsServer != null) {
            throw new IllegalStateException("HTTPS already listens on " + tlsServer.localAddress());
        }
        tlsServer = HttpServer.start(address, routes, upgrades, tls.context());
        LOG.debug("control api over TLS on {}: {}", tlsServer.localAddress(), tls.describe());
        return tlsServer.localAddress();
    }

    /** Where HTTPS listens, or null when it does not. */
    public InetSocketAddress tlsAddress() {
        return tlsServer == null ? null : tlsServer.localAddress();
    }

    /** Guards the routes other modules add under {@code /api}. */
    public Authenticator authenticator() {
        return authenticator;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** Tells {@code listener} of every WebSocket opened ({@code true}) and closed ({@code false}). */
    public void onWebSocket(java.util.function.BiConsumer<WebSocketSession, Boolean> listener) {
        sockets.onChange(listener);
    }

    /** The number of open WebSockets. */
    public int openWebSockets() {
        return sockets.size();
    }

    /** The instance was reloaded: sessions of users that left or got a new password end now. */
    public void usersChanged() {
        int ended = sessions.usersChanged();
        if (ended > 0) {
            LOG.info("{} session(s) ended: their users left the instance or changed password", ended);
        }
    }

    @Override
    public void close() {
        sockets.closeAll(WebSocketSession.GOING_AWAY, "server stopping");
        if (tlsServer != null) {
            tlsServer.close();
        }
        if (server != null) {
            server.close();
        }
        checks.shutdownNow();
    }
}

package io.switchboard.control.auth;

import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRoutes;
import java.util.concurrent.Executor;

/** Puts the session routes on the table: login, logout and who-am-I. */
public final class AuthRoutes {
    public static final String LOGIN = "/api/login";
    public static final String LOGOUT = "/api/logout";
    public static final String SESSION = "/api/session";

    private AuthRoutes() {
    }

    /**
     * Adds {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/session}. Password checks
     * run on {@code checks}; an unknown username is checked against a decoy hash of {@code decoyCost}.
     */
    public static void add(HttpRoutes routes, Authenticator authenticator, UserDirectory users,
                           LoginRateLimiter limiter, Executor checks, int decoyCost) {
        SessionStore sessions = authenticator.sessions();
        routes.addAsync(HttpMethod.POST, LOGIN,
                new LoginRoute(sessions, limiter, new PasswordCheck(users, decoyCost, checks), checks));
        routes.add(HttpMethod.POST, LOGOUT, authenticator.require(new LogoutRoute(sessions)));
        routes.add(HttpMethod.GET, SESSION, authenticator.require(new SessionRoute(sessions)));
    }
}

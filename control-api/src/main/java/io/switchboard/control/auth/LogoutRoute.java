package io.switchboard.control.auth;

import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /api/logout}: ends the caller's session (and its WebSockets) and deletes the cookie; 204. */
final class LogoutRoute implements AuthenticatedRoute {
    private static final Logger LOG = LoggerFactory.getLogger("auth");

    private final SessionStore sessions;

    LogoutRoute(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public HttpResponse handle(HttpRequest request, Caller caller) {
        sessions.end(caller.session());
        LOG.info("logout: {}, session {}", caller.username(), caller.session().id());
        return HttpResponse.noContent().withCookie(Authenticator.clearedCookie(request.secure()));
    }
}

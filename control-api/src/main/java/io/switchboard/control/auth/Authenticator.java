package io.switchboard.control.auth;

import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoute;
import io.switchboard.control.http.ResponseCookie;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the caller of a request from {@code Authorization: Bearer <token>} (RFC 6750 section 2.1), or else
 * from the session cookie, and guards routes with it: no valid session, 401 with the JSON error.
 */
public final class Authenticator {
    /** The session cookie's name. */
    public static final String COOKIE = "switchboard_session";
    /** The challenge of every 401 (RFC 6750 section 3). */
    public static final String CHALLENGE = "Bearer realm=\"switchboard\"";
    private static final String BEARER = "bearer ";
    /** The WebSocket subprotocol that carries a session token: {@code bearer.<token>}. */
    public static final String SUBPROTOCOL_BEARER = "bearer.";

    private final SessionStore sessions;

    public Authenticator(SessionStore sessions) {
        this.sessions = sessions;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** The logged-in caller of {@code request}; a present but invalid bearer token does not fall back to the cookie. */
    public Optional<Caller> caller(HttpRequest request) {
        return token(request).flatMap(sessions::resolve);
    }

    /** {@code route} behind the session check. */
    public HttpRoute require(AuthenticatedRoute route) {
        return request -> {
            Optional<Caller> caller = caller(request);
            if (caller.isEmpty()) {
                return unauthorized(request);
            }
            return route.handle(request, caller.get());
        };
    }

    /**
     * The bearer token (the Authorization header, else a {@code bearer.<token>} WebSocket subprotocol, which is
     * how a WebSocket client that cannot set headers sends it), else the cookie's, if the request carries one.
     */
    static Optional<String> token(HttpRequest request) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent() && authorization.get().toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.of(authorization.get().substring(BEARER.length()).trim());
        }
        Optional<String> protocols = request.header("sec-websocket-protocol");
        if (protocols.isPresent()) {
            for (String protocol : protocols.get().split(",")) {
                String p = protocol.trim();
                if (p.startsWith(SUBPROTOCOL_BEARER) && p.length() > SUBPROTOCOL_BEARER.length()) {
                    return Optional.of(p.substring(SUBPROTOCOL_BEARER.length()));
                }
            }
        }
        return request.cookie(COOKIE);
    }

    /** 401 for a request without a valid session; RFC 9110 section 11.6.1 asks for the challenge. */
    public static HttpResponse unauthorized(HttpRequest request) {
        String message = token(request).isPresent() ? "session expired or not valid; log in again"
                : "authentication required: log in at POST /api/login";
        return HttpResponse.error(401, message).withHeader("WWW-Authenticate", CHALLENGE);
    }

    /** The session cookie for {@code token}: script cannot read it, other sites cannot send it. */
    static ResponseCookie sessionCookie(String token, boolean secure) {
        return new ResponseCookie(COOKIE, token, "/", null, true, secure, ResponseCookie.SameSite.STRICT);
    }

    /** A cookie that deletes the session cookie. */
    static ResponseCookie clearedCookie(boolean secure) {
        return new ResponseCookie(COOKIE, "", "/", Duration.ZERO, true, secure, ResponseCookie.SameSite.STRICT);
    }
}

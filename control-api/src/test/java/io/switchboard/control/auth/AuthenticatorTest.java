package io.switchboard.control.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.control.TestClock;
import io.switchboard.control.TestUsers;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoute;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where the token comes from, and what a guarded route answers without one. */
class AuthenticatorTest {
    private final TestUsers users = new TestUsers().add("alice", "pw");
    private final SessionStore sessions = new SessionStore(users, new TestClock(), Duration.ofHours(1));
    private final Authenticator authenticator = new Authenticator(sessions);
    private final HttpRoute guarded = authenticator.require((request, caller) -> HttpResponse.text(200, caller.username()));
    private final String token = sessions.create(users.find("alice").orElseThrow()).token();

    private static HttpRequest.Builder get() {
        return HttpRequest.builder(HttpMethod.GET, "/api/session");
    }

    @Test
    void bearerTokenAuthenticates() throws Exception {
        assertEquals("alice", guarded.handle(get().header("Authorization", "Bearer " + token).build()).bodyText());
        assertEquals("alice", guarded.handle(get().header("Authorization", "bearer  " + token).build()).bodyText());
    }

    @Test
    void cookieAuthenticates() throws Exception {
        assertEquals("alice", guarded.handle(get().cookie(Authenticator.COOKIE, token).build()).bodyText());
    }

    @Test
    void anInvalidBearerDoesNotFallBackToTheCookie() throws Exception {
        HttpResponse response = guarded.handle(get().header("Authorization", "Bearer " + "x".repeat(43))
                .cookie(Authenticator.COOKIE, token).build());
        assertEquals(401, response.status());
    }

    @Test
    void anotherSchemeLeavesTheCookie() throws Exception {
        assertEquals(200, guarded.handle(get().header("Authorization", "Basic YWxpY2U6cHc=")
                .cookie(Authenticator.COOKIE, token).build()).status());
    }

    @Test
    void noSessionIs401WithAChallengeAndTheJsonError() throws Exception {
        HttpResponse response = guarded.handle(get().build());
        assertEquals(401, response.status());
        assertEquals(HttpResponse.JSON, response.contentType());
        assertTrue(response.bodyText().startsWith("{\"error\":\"authentication required"), response.bodyText());
        assertEquals("Bearer realm=\"switchboard\"", response.header("WWW-Authenticate").orElseThrow());
        assertEquals(401, guarded.handle(get().cookie(Authenticator.COOKIE, "stale").build()).status());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrict() {
        assertEquals("switchboard_session=" + token + "; Path=/; HttpOnly; SameSite=Strict",
                Authenticator.sessionCookie(token, false).toHeaderValue());
        assertEquals("switchboard_session=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict",
                Authenticator.sessionCookie(token, true).toHeaderValue());
        assertEquals("switchboard_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                Authenticator.clearedCookie(false).toHeaderValue());
    }
}

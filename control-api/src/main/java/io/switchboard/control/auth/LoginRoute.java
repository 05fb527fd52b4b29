package io.switchboard.control.auth;

import io.switchboard.control.http.AsyncHttpRoute;
import io.switchboard.control.http.HttpException;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} with {@code {"username","password"}}: 200 with {@code {"token"}} and the session
 * cookie, 401 for a wrong username or password alike, 429 with {@code Retry-After} when that username has
 * been tried too often from that address. The password check runs on {@code checks}, off the event loop.
 */
public final class LoginRoute implements AsyncHttpRoute {
    private static final Logger LOG = LoggerFactory.getLogger("auth");
    /** Longer fields are not credentials of ours (bcrypt reads 72 bytes); refusing them bounds the work. */
    static final int MAX_FIELD = 1024;

    /** The login body; unknown fields are ignored. */
    record LoginBody(String username, String password) {
        @Override
        public String toString() {
            return "LoginBody[" + username + "]";
        }
    }

    private final SessionStore sessions;
    private final LoginRateLimiter limiter;
    private final PasswordCheck check;
    private final Executor checks;

    LoginRoute(SessionStore sessions, LoginRateLimiter limiter, PasswordCheck check, Executor checks) {
        this.sessions = sessions;
        this.limiter = limiter;
        this.check = check;
        this.checks = checks;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request) throws HttpException {
        LoginBody body = request.json(LoginBody.class);
        if (blank(body.username()) || blank(body.password())) {
            throw new HttpException(400, "username and password are required");
        }
        if (body.username().length() > MAX_FIELD || body.password().length() > MAX_FIELD) {
            throw new HttpException(400, "username or password too long");
        }
        String key = LoginRateLimiter.key(body.username(), request.remoteHost());
        Optional<Duration> wait = limiter.acquire(key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            LOG.info("login for {} from {} refused: too many attempts, retry in {} s", body.username(),
                    request.remoteHost(), seconds);
            return CompletableFuture.completedFuture(HttpResponse.error(429, "too many login attempts; retry in "
                    + seconds + " s").withHeader("Retry-After", Long.toString(seconds)));
        }
        try {
            return CompletableFuture.supplyAsync(() -> check.verify(body.username(), body.password()), checks)
                    .thenApply(user -> {
                        if (user.isEmpty()) {
                            LOG.info("login for {} from {} refused: bad credentials", body.username(),
                                    request.remoteHost());
                            return HttpResponse.error(401, "invalid username or password")
                                    .withHeader("WWW-Authenticate", Authenticator.CHALLENGE);
                        }
                        limiter.reset(key);
                        SessionStore.Issued issued = sessions.create(user.get());
                        LOG.info("login: {} from {}, session {}", user.get().username(), request.remoteHost(),
                                issued.session().id());
                        return HttpResponse.json(200, Map.of("token", issued.token()))
                                .withCookie(Authenticator.sessionCookie(issued.token(), request.secure()));
                    });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(HttpResponse.error(503, "too many logins at once; retry")
                    .withHeader("Retry-After", "1"));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }
}

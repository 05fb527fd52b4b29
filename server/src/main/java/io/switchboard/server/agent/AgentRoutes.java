package io.switchboard.server.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.control.ControlApi;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.Caller;
import io.switchboard.control.auth.SessionListener;
import io.switchboard.control.auth.Session;
import io.switchboard.control.http.HttpException;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.LogoutCause;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.record.AgentEventJson;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The agent's desk over HTTP: {@code GET /api/agent} (the agent's snapshot in the agent event's
 * AgentSnapshot shape) and {@code PUT /api/agent/status} with {@code {"status":"<name>"}}; the agent's own
 * contact: {@code POST /api/agent/contact/hold}, {@code .../resume}, {@code .../hangup} and {@code .../close}
 * (close the contact in After Contact Work), each answering the agent's snapshot after it, 409 when the agent
 * has no contact in a state that allows it; and the session hooks that log agents in when their session is
 * created and out when it ends.
 */
public final class AgentRoutes {
    public static final String AGENT = "/api/agent";
    public static final String STATUS = "/api/agent/status";
    public static final String HOLD = "/api/agent/contact/hold";
    public static final String RESUME = "/api/agent/contact/resume";
    public static final String HANG_UP = "/api/agent/contact/hangup";
    public static final String CLOSE = "/api/agent/contact/close";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The body of PUT /api/agent/status; unknown fields are ignored. */
    record StatusBody(String status) {
    }

    private AgentRoutes() {
    }

    /** Adds the agent routes behind {@code authenticator}'s session check. */
    public static void add(HttpRoutes routes, Authenticator authenticator, AgentDesk desk) {
        routes.addAsync(HttpMethod.GET, AGENT, request -> withCaller(authenticator, request,
                caller -> answer(desk.snapshot(caller.username()))));
        routes.addAsync(HttpMethod.PUT, STATUS, request -> {
            Optional<Caller> caller = authenticator.caller(request);
            if (caller.isEmpty()) {
                return CompletableFuture.completedFuture(Authenticator.unauthorized(request));
            }
            StatusBody body = request.json(StatusBody.class);
            if (body.status() == null || body.status().isBlank()) {
                throw new HttpException(400, "status is required, as {\"status\":\"Available\"}");
            }
            return answer(desk.setStatus(caller.get().username(), body.status()));
        });
        routes.addAsync(HttpMethod.POST, HOLD, request -> withCaller(authenticator, request,
                caller -> answer(desk.hold(caller.username()))));
        routes.addAsync(HttpMethod.POST, RESUME, request -> withCaller(authenticator, request,
                caller -> answer(desk.resume(caller.username()))));
        routes.addAsync(HttpMethod.POST, HANG_UP, request -> withCaller(authenticator, request,
                caller -> answer(desk.hangUp(caller.username()))));
        routes.addAsync(HttpMethod.POST, CLOSE, request -> withCaller(authenticator, request,
                caller -> answer(desk.closeContact(caller.username()))));
    }

    /**
     * Logs agents in when a session of theirs is created and out when their last one ends (logout, idle
     * timeout, user removed or password reset), and counts their WebSockets for the disconnect grace period.
     */
    public static void follow(ControlApi http, AgentDesk desk) {
        http.sessions().addListener(new SessionListener() {
            @Override
            public void created(Session session) {
                desk.sessionStarted(session.username(), session.id());
            }

            @Override
            public void ended(Session session, End why) {
                desk.sessionEnded(session.username(), session.id(), switch (why) {
                    case LOGOUT -> LogoutCause.REQUESTED;
                    case IDLE, REPLACED -> LogoutCause.SESSION_EXPIRED;
                    case USER_CHANGED -> LogoutCause.USER_REMOVED;
                });
            }
        });
        http.onWebSocket((socket, open) -> {
            Session session = socket.caller().session();
            if (open) {
                desk.connectionOpened(session.username(), session.id(), socket.id());
            } else {
                desk.connectionClosed(session.username(), session.id(), socket.id());
            }
        });
    }

    private static CompletionStage<HttpResponse> withCaller(Authenticator authenticator, HttpRequest request,
                                                            Function<Caller, CompletionStage<HttpResponse>> then) {
        Optional<Caller> caller = authenticator.caller(request);
        return caller.isEmpty() ? CompletableFuture.completedFuture(Authenticator.unauthorized(request))
                : then.apply(caller.get());
    }

    private static CompletionStage<HttpResponse> answer(CompletableFuture<AgentSnapshot> snapshot) {
        return snapshot.handle((s, error) -> {
            if (error == null) {
                return HttpResponse.json(200, AgentEventJson.snapshot(MAPPER, s));
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof AgentRequestException refused) {
                return HttpResponse.error(status(refused.reason()), refused.getMessage());
            }
            throw new CompletionException(cause);
        });
    }

    static int status(AgentRequestException.Reason reason) {
        return switch (reason) {
            case NOT_AN_AGENT -> 403;
            case UNKNOWN_STATUS, DISABLED_STATUS -> 400;
            case NOT_LOGGED_IN, ON_CONTACT, NO_CONTACT, NOT_YOUR_CONTACT, NO_SOFTPHONE_MEDIA -> 409;
            case MEDIA_FAILED -> 400;
        };
    }
}

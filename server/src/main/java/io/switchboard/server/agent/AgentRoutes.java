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
 * has no contact in a state that allows it; {@code POST /api/agent/outbound} with {@code {"number":"+1...",
 * "queue":"Sales"}} (queue optional) places the agent's outbound call and answers {@code {"ContactId"}}, 400
 * when the number is not E.164 or the queue unknown or without caller ID; and the session hooks that log agents in when their session is
 * created and out when it ends.
 */
public final class AgentRoutes {
    public static final String AGENT = "/api/agent";
    public static final String STATUS = "/api/agent/status";
    public static final String HOLD = "/api/agent/contact/hold";
    public static final String RESUME = "/api/agent/contact/resume";
    public static final String HANG_UP = "/api/agent/contact/hangup";
    public static final String CLOSE = "/api/agent/contact/close";
    public static final String OUTBOUND = "/api/agent/outbound";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The body of PUT /api/agent/status; unknown fields are ignored. */
    record StatusBody(String status) {
    }

    /** The body of POST /api/agent/outbound; {@code queue} is optional. */
    record OutboundBody(String number, String queue) {
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
        routes.addAsync(HttpMethod.POST, OUTBOUND, request -> {
            Optional<Caller> caller = authenticator.caller(request);
            if (caller.isEmpty()) {
                return CompletableFuture.completedFuture(Authenticator.unauthorized(request));
            }
            OutboundBody body = request.json(OutboundBody.class);
            if (body.number() == null || body.number().isBlank()) {
                throw new HttpException(400, "number is required, as {\"number\":\"+15550142\"}");
            }
            String queue = body.queue() == null || body.queue().isBlank() ? null : body.queue();
            return refusedOr(desk.outbound(caller.get().username(), body.number().trim(), queue),
                    contact -> HttpResponse.json(200, java.util.Map.of("ContactId", contact)));
        });
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
        return refusedOr(snapshot, s -> HttpResponse.json(200, AgentEventJson.snapshot(MAPPER, s)));
    }

    /** The desk's answer as {@code ok} makes it, or its refusal as the reason's status with the message. */
    private static <T> CompletionStage<HttpResponse> refusedOr(CompletableFuture<T> result,
                                                               Function<T, HttpResponse> ok) {
        return result.handle((s, error) -> {
            if (error == null) {
                return ok.apply(s);
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
            case UNKNOWN_STATUS, DISABLED_STATUS, INVALID_REQUEST, MEDIA_FAILED -> 400;
            case NOT_LOGGED_IN, ON_CONTACT, NO_CONTACT, NOT_YOUR_CONTACT, NO_SOFTPHONE_MEDIA -> 409;
        };
    }
}

package io.switchboard.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.api.AgentView;
import io.switchboard.routing.flow.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent panel's WebSocket, as the protocol of docs/agent-websocket.md has it: numbers every message it
 * sends, turns the agent's changes into {@code agent} and {@code contact} messages, answers each command with
 * a {@code result} or an {@code error}, and pings the panel, declaring it unreachable when nothing is heard
 * for the pong timeout. Confined to the contact center's loop (every entry point hops there first), so the
 * sequence numbers leave in order.
 */
final class AgentSocket {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);

    /** The socket's lifecycle. */
    enum State {
        OPEN, REPLACED, CLOSED
    }

    private final WebSocketSession session;
    private final String username;
    private final AgentDesk desk;
    private final AgentSocketSettings settings;
    private final Function<String, JsonNode> iceServers;
    private final AgentPanelFigures figures;
    private State state = State.OPEN;
    /** Whether this panel counts in {@link AgentPanelFigures#routable()}: its agent's last view said so. */
    private boolean countedRoutable;
    private long seq;
    private long pingIds;
    private Instant lastHeard;
    private Cancellable pinger;
    private Runnable unwatch;
    private AgentView last;

    AgentSocket(WebSocketSession session, AgentDesk desk, AgentSocketSettings settings,
                Function<String, JsonNode> iceServers, AgentPanelFigures figures) {
        this.session = session;
        this.username = session.caller().username();
        this.desk = desk;
        this.settings = settings;
        this.iceServers = iceServers;
        this.figures = figures;
    }

    String username() {
        return username;
    }

    String connection() {
        return session.id();
    }

    State state() {
        return state;
    }

    /** On the loop: follows the agent, sends the hello, starts the pings. */
    void open() {
        lastHeard = desk.now();
        figures.opened();
        desk.softphoneOpened(username, connection());
        desk.watch(username, this::changed).whenComplete((stop, error) -> {
            if (error != null) {
                send(AgentMessages.error(null, code(error), message(error)));
                session.close(WebSocketSession.POLICY_VIOLATION, "not an agent");
                stop(State.CLOSED);
                return;
            }
            if (state != State.OPEN) {
                stop.run();
                return;
            }
            unwatch = stop;
            hello();
        });
        pinger = desk.schedule(settings.pingInterval(), this::ping);
    }

    /** A newer socket of the same agent took over: tell this panel, then close. */
    void replace() {
        if (state != State.OPEN) {
            return;
        }
        send(AgentMessages.message("replaced"));
        stop(State.REPLACED);
        session.close(WebSocketSession.NORMAL_CLOSURE, "replaced by a newer connection");
    }

    /** The socket closed: stop following; the panel's media goes (a replaced one's already went). */
    void closed() {
        State was = state;
        stop(State.CLOSED);
        if (was == State.OPEN) {
            desk.softphoneClosed(username, connection());
        }
    }

    private void stop(State next) {
        if (state == State.OPEN) {
            figures.closed(countedRoutable);
            countedRoutable = false;
        }
        state = next;
        if (pinger != null) {
            pinger.cancel();
            pinger = null;
        }
        if (unwatch != null) {
            unwatch.run();
            unwatch = null;
        }
    }

    private void hello() {
        CompletableFuture<AgentView> view = desk.view(username);
        desk.statuses().thenCombine(view, (statuses, v) -> {
            ObjectNode hello = AgentMessages.message("hello");
            hello.set("agent", AgentMessages.agent(v));
            hello.set("contact", AgentMessages.contact(v.contact()));
            hello.set("statuses", AgentMessages.statuses(statuses));
            hello.set("iceServers", iceServers.apply(username));
            ObjectNode s = hello.putObject("settings");
            s.put("offerTimeoutSeconds", desk.softphoneSettings().offerTimeout().toSeconds());
            s.put("reconnectWindowSeconds", desk.softphoneSettings().reconnectWindow().toSeconds());
            s.put("pingIntervalSeconds", settings.pingInterval().toSeconds());
            s.put("pongTimeoutSeconds", settings.pongTimeout().toSeconds());
            s.put("defaultCountry", desk.defaultCountry());
            s.put("phoneType", AgentMessages.phoneType(v.agent().configuration().phoneType()));
            return hello;
        }).whenCompleteAsync((hello, error) -> {
            if (error != null) {
                LOG.warn("agent {}: no hello: {}", username, error.toString());
                return;
            }
            last = lastOf(view);
            count(last);
            send(hello);
        }, desk::execute);
    }

    private static AgentView lastOf(CompletableFuture<AgentView> view) {
        return view.getNow(null);
    }

    /** On the loop: the agent changed. */
    private void changed(AgentView view) {
        if (state != State.OPEN) {
            return;
        }
        ContactEvents.event(last, view).ifPresent(event -> {
            ObjectNode message = AgentMessages.message("contact");
            message.put("event", event);
            message.set("contact", AgentMessages.contact(event.equals("closed") || event.equals("withdrawn")
                    ? last.contact() : view.contact()));
            send(message);
        });
        ObjectNode agent = AgentMessages.message("agent");
        agent.set("agent", AgentMessages.agent(view));
        send(agent);
        last = view;
        count(view);
    }

    /** Keeps the routable figure true to the agent's latest view while this panel is open. */
    private void count(AgentView view) {
        if (state == State.OPEN && view != null && view.routable() != countedRoutable) {
            countedRoutable = view.routable();
            figures.routable(countedRoutable);
        }
    }

    private void ping() {
        pinger = null;
        if (state != State.OPEN) {
            return;
        }
        Duration quiet = Duration.between(lastHeard, desk.now());
        if (quiet.compareTo(settings.pongTimeout()) >= 0) {
            String detail = "the panel did not answer the server's pings for " + quiet.toSeconds()
                    + " s (a frozen or backgrounded tab, or a network break); reload the panel";
            LOG.info("agent {}: panel {} unreachable: {}", username, connection(), detail);
            desk.softphoneUnreachable(username, connection(), detail);
            figures.unreachable();
            closed();
            session.close(WebSocketSession.GOING_AWAY, "no answer to pings");
            return;
        }
        ObjectNode ping = AgentMessages.message("ping");
        ping.put("id", Long.toString(++pingIds));
        send(ping);
        pinger = desk.schedule(settings.pingInterval(), this::ping);
    }

    /** On the loop: a text message of the panel. */
    void onText(String text) {
        if (state != State.OPEN) {
            return;
        }
        lastHeard = desk.now();
        AgentCommands.run(this, text);
    }

    AgentDesk desk() {
        return desk;
    }

    void resync() {
        hello();
    }

    /** Sends the result of a command once {@code done} completes, or its error. */
    void answer(String requestId, CompletableFuture<?> done) {
        done.whenCompleteAsync((value, error) -> {
            if (error != null) {
                send(AgentMessages.error(requestId, code(error), message(error)));
                return;
            }
            ObjectNode result = AgentMessages.message("result");
            result.put("requestId", requestId);
            if (value instanceof String contactId) {
                // A dial's result: the new outbound contact.
                result.put("contactId", contactId);
            }
            if (value instanceof io.switchboard.routing.agent.AgentSnapshot) {
                desk.view(username).whenCompleteAsync((v, e) -> {
                    if (v != null) {
                        result.set("agent", AgentMessages.agent(v));
                    }
                    send(result);
                }, desk::execute);
                return;
            }
            send(result);
        }, desk::execute);
    }

    /** Sends a media answer, or the error of the offer. */
    void mediaAnswer(String requestId, CompletableFuture<String> answer) {
        answer.whenCompleteAsync((sdp, error) -> {
            if (error != null) {
                send(AgentMessages.error(requestId, code(error), message(error)));
                return;
            }
            ObjectNode media = AgentMessages.message("media");
            media.put("requestId", requestId);
            media.put("kind", "answer");
            media.put("sdp", sdp);
            send(media);
        }, desk::execute);
    }

    void send(ObjectNode message) {
        if (state == State.CLOSED || !session.isOpen()) {
            return;
        }
        ObjectNode numbered = AgentMessages.MAPPER.createObjectNode();
        numbered.put("seq", ++seq);
        numbered.setAll(message);
        session.sendText(numbered.toString());
    }

    static String code(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AgentRequestException refused) {
            return switch (refused.reason()) {
                case NOT_AN_AGENT -> "NOT_AN_AGENT";
                case NOT_LOGGED_IN -> "NOT_LOGGED_IN";
                case UNKNOWN_STATUS -> "UNKNOWN_STATUS";
                case DISABLED_STATUS -> "DISABLED_STATUS";
                case ON_CONTACT, NO_CONTACT -> "WRONG_STATE";
                case NOT_YOUR_CONTACT -> "NOT_YOUR_CONTACT";
                case NO_SOFTPHONE_MEDIA -> "NO_SOFTPHONE_MEDIA";
                case MEDIA_FAILED -> "MEDIA_FAILED";
                case INVALID_REQUEST -> "BAD_REQUEST";
            };
        }
        return "INTERNAL";
    }

    static String message(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof AgentRequestException ? cause.getMessage() : "the server could not do it; try again";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    Optional<AgentView> lastView() {
        return Optional.ofNullable(last);
    }
}

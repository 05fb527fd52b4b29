package io.switchboard.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.control.ws.WebSocketEndpoint;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.routing.api.AgentDesk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /api/agent/ws}: the agent panel's WebSocket (docs/agent-websocket.md). One live socket per agent: a
 * newer one replaces the older, which is told so and closed. Every callback hops onto the contact center's
 * loop, which owns the sockets by agent.
 */
public final class AgentSocketEndpoint implements WebSocketEndpoint {
    public static final String PATH = "/api/agent/ws";
    public static final String SUBPROTOCOL = "switchboard.agent.v1";

    private final AgentDesk desk;
    private final AgentSocketSettings settings;
    private final Function<String, JsonNode> iceServers;
    private final AgentPanelFigures figures = new AgentPanelFigures();
    /** The live socket of each agent, and every socket by id; on the loop. */
    private final Map<String, AgentSocket> byAgent = new HashMap<>();
    private final Map<String, AgentSocket> byId = new HashMap<>();

    public AgentSocketEndpoint(AgentDesk desk, AgentSocketSettings settings, Function<String, JsonNode> iceServers) {
        this.desk = desk;
        this.settings = settings;
        this.iceServers = iceServers;
    }

    /** The panels open now and their agents' routability, for /metrics. */
    public AgentPanelFigures figures() {
        return figures;
    }

    @Override
    public List<String> subprotocols() {
        return List.of(SUBPROTOCOL);
    }

    @Override
    public void onOpen(WebSocketSession session) {
        desk.execute(() -> {
            AgentSocket socket = new AgentSocket(session, desk, settings, iceServers, figures);
            byId.put(session.id(), socket);
            AgentSocket previous = byAgent.put(socket.username(), socket);
            if (previous != null) {
                previous.replace();
            }
            socket.open();
        });
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        desk.execute(() -> {
            AgentSocket socket = byId.get(session.id());
            if (socket != null) {
                socket.onText(text);
            }
        });
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        desk.execute(() -> {
            AgentSocket socket = byId.remove(session.id());
            if (socket == null) {
                return;
            }
            socket.closed();
            byAgent.remove(socket.username(), socket);
        });
    }
}

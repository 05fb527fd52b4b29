package io.switchboard.control.ws;

import io.switchboard.control.auth.Session;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The open WebSockets, grouped by the login session that opened them, so that ending a session (logout,
 * idle timeout, user removed) closes its sockets with 1008, and stopping the server closes all with 1001.
 * Thread-safe: concurrent map of concurrent sets; sockets add and remove themselves from their loops.
 */
public final class WebSocketSessions {
    private final Map<Session, Set<WebSocketSession>> bySession = new ConcurrentHashMap<>();
    private final List<BiConsumer<WebSocketSession, Boolean>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Tells {@code listener} of every socket opened ({@code true}) and closed ({@code false}), on the
     * socket's event loop; the contact center counts an agent's connections with it.
     */
    public void onChange(BiConsumer<WebSocketSession, Boolean> listener) {
        listeners.add(listener);
    }

    void opened(WebSocketSession socket) {
        bySession.computeIfAbsent(socket.caller().session(), s -> ConcurrentHashMap.newKeySet()).add(socket);
        listeners.forEach(l -> l.accept(socket, true));
    }

    void closed(WebSocketSession socket) {
        bySession.computeIfPresent(socket.caller().session(), (s, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
        listeners.forEach(l -> l.accept(socket, false));
    }

    /** Closes the sockets of a session that ended; wire to {@code SessionStore.onEnd}. */
    public void sessionEnded(Session session) {
        Set<WebSocketSession> sockets = bySession.remove(session);
        if (sockets != null) {
            sockets.forEach(socket -> socket.close(WebSocketSession.POLICY_VIOLATION, "session ended"));
        }
    }

    /** Closes every socket, as the server stops. */
    public void closeAll(int code, String reason) {
        bySession.values().forEach(sockets -> sockets.forEach(socket -> socket.close(code, reason)));
    }

    /** The number of open sockets. */
    public int size() {
        return bySession.values().stream().mapToInt(Set::size).sum();
    }
}

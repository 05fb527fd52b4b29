package io.switchboard.server.agent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many agent panels (open agent WebSockets) the server holds now, how many of their agents the router
 * may offer a contact to, and how many panels were declared unreachable (no pong in time) since the start.
 * Written on the contact center's loop by the sockets, read by /metrics from any thread.
 */
public final class AgentPanelFigures {
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong routable = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();

    void opened() {
        open.incrementAndGet();
    }

    /** A panel stopped being the agent's live one; {@code wasRoutable}: it counted as routable. */
    void closed(boolean wasRoutable) {
        open.decrementAndGet();
        if (wasRoutable) {
            routable.decrementAndGet();
        }
    }

    void routable(boolean now) {
        routable.addAndGet(now ? 1 : -1);
    }

    void unreachable() {
        unreachable.incrementAndGet();
    }

    public long open() {
        return open.get();
    }

    public long routable() {
        return routable.get();
    }

    public long unreachableTotal() {
        return unreachable.get();
    }
}

package io.switchboard.server.agent;

import java.time.Duration;

/**
 * The agent WebSocket's liveness: the server pings every {@code pingInterval}; a panel from which nothing
 * was heard for {@code pongTimeout} is unreachable (not routable, and the socket closes).
 */
public record AgentSocketSettings(Duration pingInterval, Duration pongTimeout) {
    public static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    public static final Duration PONG_TIMEOUT = Duration.ofSeconds(25);

    public AgentSocketSettings {
        if (pingInterval.isNegative() || pingInterval.isZero() || pongTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("the ping interval must be positive and shorter than the pong timeout");
        }
    }

    public static AgentSocketSettings defaults() {
        return new AgentSocketSettings(PING_INTERVAL, PONG_TIMEOUT);
    }
}

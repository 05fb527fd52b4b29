package io.switchboard.turn.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TURN server's figures for {@code /metrics}, as a flat map of Prometheus-style names ({@code _total}
 * for counters): allocations active and created, refusals by reason, relayed packets and bytes by direction,
 * 401s, stale nonces, replies withheld by the rate limit and packets dropped by reason.
 */
public final class TurnCounters {

    final LoopCounter allocationsActive = new LoopCounter();
    final LoopCounter allocationsCreated = new LoopCounter();
    final LoopCounter unauthorized = new LoopCounter();
    final LoopCounter staleNonces = new LoopCounter();
    final LoopCounter rateLimited = new LoopCounter();
    final LoopCounter packetsToPeer = new LoopCounter();
    final LoopCounter bytesToPeer = new LoopCounter();
    final LoopCounter packetsToClient = new LoopCounter();
    final LoopCounter bytesToClient = new LoopCounter();
    final LoopCounter requests = new LoopCounter();
    private final Map<String, LoopCounter> refused = new ConcurrentHashMap<>();
    private final Map<String, LoopCounter> dropped = new ConcurrentHashMap<>();
    private final Map<String, LoopCounter> peersRefused = new ConcurrentHashMap<>();

    void peerRefused(String peerClass) {
        peersRefused.computeIfAbsent(peerClass, r -> new LoopCounter()).increment();
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new LoopCounter()).increment();
    }

    void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> new LoopCounter()).increment();
    }

    /** Every figure by its metric name, read at each scrape. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("allocations_active", allocationsActive.get());
        m.put("allocations_created_total", allocationsCreated.get());
        m.put("requests_total", requests.get());
        m.put("unauthorized_total", unauthorized.get());
        m.put("stale_nonce_total", staleNonces.get());
        m.put("rate_limited_total", rateLimited.get());
        m.put("relayed_packets_total{direction=\"to_peer\"}", packetsToPeer.get());
        m.put("relayed_packets_total{direction=\"to_client\"}", packetsToClient.get());
        m.put("relayed_bytes_total{direction=\"to_peer\"}", bytesToPeer.get());
        m.put("relayed_bytes_total{direction=\"to_client\"}", bytesToClient.get());
        refused.forEach((reason, c) -> m.put("refused_total{reason=\"" + reason + "\"}", c.get()));
        peersRefused.forEach((c, n) -> m.put("peers_refused_total{class=\"" + c + "\"}", n.get()));
        dropped.forEach((reason, c) -> m.put("dropped_total{reason=\"" + reason + "\"}", c.get()));
        return m;
    }
}

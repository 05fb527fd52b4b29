package io.switchboard.sip.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open TCP/TLS connections by peer address, accepted or dialled, so a request to a peer reuses the
 * connection it already has (RFC 3261 section 18.1.1 "if a connection is open to the destination").
 * Written from I/O threads, read from the core loop: a concurrent map.
 */
final class StreamConnections {
    private final Map<InetSocketAddress, StreamFlow> byRemote = new ConcurrentHashMap<>();
    private final TrafficCounters counters;

    StreamConnections(TrafficCounters counters) {
        this.counters = counters;
    }

    StreamFlow registered(Channel channel, TransportKind kind) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        StreamFlow existing = byRemote.get(remote);
        if (existing != null && existing.channel() == channel) {
            return existing;
        }
        StreamFlow flow = new StreamFlow(channel.newSucceededFuture(), kind, remote, counters);
        byRemote.put(remote, flow);
        counters.connectionsAccepted.increment();
        return flow;
    }

    void unregistered(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (remote != null) {
            byRemote.computeIfPresent(remote, (k, flow) -> flow.channel() == channel ? null : flow);
        }
    }

    StreamFlow get(InetSocketAddress remote) {
        return byRemote.get(remote);
    }

    void put(InetSocketAddress remote, StreamFlow flow) {
        byRemote.put(remote, flow);
    }

    int size() {
        return byRemote.size();
    }
}

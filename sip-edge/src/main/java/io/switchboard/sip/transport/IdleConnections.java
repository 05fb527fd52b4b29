package io.switchboard.sip.transport;

import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes accepted TCP/TLS connections that carried nothing for the idle timeout and hold no transaction or dialog.
 * Netty's {@link IdleStateHandler} notices the silence on the connection's loop; the decision is made on the core
 * loop, which owns transactions and dialogs. A connection still in use is asked about again after each further
 * idle period. Connections we opened to trunk destinations are left alone: there is one per destination, and a
 * registration over TCP needs its connection for the provider's calls to us.
 */
final class IdleConnections {
    private static final Logger LOG = LoggerFactory.getLogger(IdleConnections.class);

    private final long idleMillis;
    private final Executor core;
    private final FlowUsage usage;
    private final TrafficCounters counters;

    /** @param idleMillis 0 disables idle closing */
    IdleConnections(long idleMillis, Executor core, FlowUsage usage, TrafficCounters counters) {
        this.idleMillis = idleMillis;
        this.core = core;
        this.usage = usage;
        this.counters = counters;
    }

    boolean enabled() {
        return idleMillis > 0;
    }

    /** The pipeline handler that raises the idle event: no read or write for the idle timeout. */
    IdleStateHandler newDetector() {
        return new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS);
    }

    /** The connection of {@code flow} has been silent for the idle timeout (called on its I/O loop). */
    void onIdle(StreamFlow flow) {
        core.execute(() -> {
            // traffic may have arrived or left since the event was raised on the connection's loop
            if (flow.idleMillis() < idleMillis || usage.inUse(flow)) {
                return;
            }
            counters.connectionsClosedIdle.increment();
            LOG.debug("closing idle {} connection {}", flow.kind(), flow.remote());
            flow.channel().close();
        });
    }
}

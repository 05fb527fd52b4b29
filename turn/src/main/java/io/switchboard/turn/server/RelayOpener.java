package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.RelayEndpoint;
import java.util.function.BiConsumer;

/** Opens an allocation's relay socket on a port; the transport does it, the handler waits for the outcome. */
public interface RelayOpener {

    /**
     * Binds a UDP socket on {@code port} for {@code allocation} and calls {@code done} on the TURN loop with
     * the endpoint, or with null and the cause when the port could not be bound.
     */
    void open(Allocation allocation, int port, BiConsumer<RelayEndpoint, Throwable> done);
}

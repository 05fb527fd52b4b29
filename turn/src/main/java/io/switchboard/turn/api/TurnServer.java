package io.switchboard.turn.api;

import java.net.InetSocketAddress;
import java.util.Map;

/** A running TURN server. */
public interface TurnServer extends AutoCloseable {

    InetSocketAddress udpAddress();

    InetSocketAddress tcpAddress();

    /** The TURNS listener, or null when no TLS material is configured. */
    InetSocketAddress tlsAddress();

    /** The figures for {@code /metrics}, by Prometheus-style name ({@code _total} for counters). */
    Map<String, Long> metrics();

    /** Ends every allocation and closes every socket. */
    @Override
    void close();
}

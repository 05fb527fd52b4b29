package io.switchboard.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** Where a {@link MediaTransport} delivers what arrives on its sockets: the endpoint's receive path. */
public interface DatagramReceiver {
    /**
     * Takes ownership of one datagram's content. Called on the endpoint's loop.
     *
     * @param controlPort true when it arrived on the separate RTCP port (no rtcp-mux)
     * @param arrivalNanos {@link System#nanoTime()} at arrival
     */
    void receive(ByteBuf datagram, InetSocketAddress sender, boolean controlPort, long arrivalNanos);
}

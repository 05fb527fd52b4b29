package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.transport.MediaTransport;
import java.net.InetSocketAddress;

/** The last send node: counts what leaves (the endpoint's packets and bytes out) and gives it to the transport. */
public final class WireOutput extends PathNode {
    private static final Kind KIND = Kind.of("send/wire");
    private final MediaTransport transport;
    private long bytes;

    WireOutput(MediaTransport transport) {
        super(KIND);
        this.transport = transport;
    }

    /** Takes ownership of {@code packet}. */
    public void send(ByteBuf packet, InetSocketAddress destination) {
        arrived();
        bytes += packet.readableBytes();
        transport.send(packet, destination);
    }

    public long packets() {
        return in();
    }

    public long bytes() {
        return bytes;
    }
}

package io.switchboard.media.bridge;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.endpoint.RtpConsumer;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.endpoint.SourcePriority;

/**
 * Relays two endpoints' RTP to each other. Each received packet buffer is handed on as is (no copy, no
 * allocation): the target endpoint transcodes PCMU/PCMA in place when the legs differ, maps the
 * telephone-event payload type to its own leg's number (RFC 4733 section 2.1 leaves the number to each
 * session), and rewrites SSRC, sequence and timestamp into its continuous outgoing stream. Both endpoints
 * live on one event loop; the bridge runs there only.
 */
public final class RtpBridge implements RtpConsumer {
    private final RtpEndpoint a;
    private final RtpEndpoint b;
    private long relayedAtoB;
    private long relayedBtoA;
    private boolean closed;

    private RtpBridge(RtpEndpoint a, RtpEndpoint b) {
        this.a = a;
        this.b = b;
    }

    /** Connects {@code a} and {@code b}; both must be on the same loop and the caller on it. */
    public static RtpBridge connect(RtpEndpoint a, RtpEndpoint b) {
        if (a.loop() != b.loop()) {
            throw new IllegalArgumentException("endpoints " + a.id() + " and " + b.id() + " are on different loops");
        }
        if (a == b) {
            throw new IllegalArgumentException("cannot bridge an endpoint to itself");
        }
        RtpBridge bridge = new RtpBridge(a, b);
        a.setConsumer(bridge);
        b.setConsumer(bridge);
        return bridge;
    }

    @Override
    public void consume(RtpEndpoint from, ByteBuf packet, boolean event, long arrivalNanos) {
        if (closed) {
            packet.release();
            return;
        }
        RtpEndpoint to;
        if (from == a) {
            to = b;
            relayedAtoB++;
        } else {
            to = a;
            relayedBtoA++;
        }
        int duration = event ? 160 : RtpHeader.payloadLength(packet); // G.711: one byte per sample
        to.send(packet, event ? null : from.codec(), from, SourcePriority.RELAY, duration);
    }

    /** Stops relaying; each endpoint's received packets are released from now on. */
    public void disconnect() {
        closed = true;
        if (a.consumer() == this) {
            a.setConsumer(null);
        }
        if (b.consumer() == this) {
            b.setConsumer(null);
        }
    }

    public RtpEndpoint first() {
        return a;
    }

    public RtpEndpoint second() {
        return b;
    }

    /** The other endpoint of the bridge. */
    public RtpEndpoint peerOf(RtpEndpoint endpoint) {
        return endpoint == a ? b : a;
    }

    public long relayedAtoB() {
        return relayedAtoB;
    }

    public long relayedBtoA() {
        return relayedBtoA;
    }
}

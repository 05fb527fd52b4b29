package io.switchboard.media.bridge;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.pipeline.RtpConsumer;
import io.switchboard.media.pipeline.SendPath;
import io.switchboard.media.pipeline.SourcePriority;

/**
 * Relays two endpoints' RTP to each other. Each received packet buffer is handed on as is (no copy, no
 * allocation): the target endpoint's send path transcodes PCMU/PCMA in place when the legs differ, maps the
 * telephone-event payload type to its own leg's number (RFC 4733 section 2.1 leaves the number to each
 * session), and rewrites SSRC, sequence and timestamp into its continuous outgoing stream. Each endpoint's
 * consumer is one direction of the bridge, which knows where its packets go. Both endpoints live on one
 * event loop; the bridge runs there only.
 */
public final class RtpBridge {
    private final RtpEndpoint a;
    private final RtpEndpoint b;
    private final Relay aToB;
    private final Relay bToA;

    private RtpBridge(RtpEndpoint a, RtpEndpoint b) {
        this.a = a;
        this.b = b;
        this.aToB = new Relay(a, b);
        this.bToA = new Relay(b, a);
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
        a.setConsumer(bridge.aToB);
        b.setConsumer(bridge.bToA);
        return bridge;
    }

    /** Stops relaying; each endpoint's received packets are released from now on. */
    public void disconnect() {
        aToB.closed = true;
        bToA.closed = true;
        if (a.consumer() == aToB) {
            a.setConsumer(null);
        }
        if (b.consumer() == bToA) {
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
        return aToB.relayed;
    }

    public long relayedBtoA() {
        return bToA.relayed;
    }

    /** One direction: the consumer of {@code from}'s receive path, sending on {@code to}'s send path. */
    private final class Relay implements RtpConsumer {
        private final RtpEndpoint from;
        private final RtpEndpoint to;
        private final SendPath toPath;
        private long relayed;
        /** Set by {@link RtpBridge#disconnect}; kept per direction so a packet reads only its own. */
        private boolean closed;

        Relay(RtpEndpoint from, RtpEndpoint to) {
            this.from = from;
            this.to = to;
            this.toPath = to.sendPath();
        }

        @Override
        public void consume(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
            if (closed) {
                packet.release();
                return;
            }
            relayed++;
            int duration = event ? 160 : RtpHeader.payloadLength(packet); // G.711: one byte per sample
            toPath.send(packet, event ? null : codec, from, SourcePriority.RELAY, duration);
        }

        @Override
        public String toString() {
            return "bridge " + from.id() + " -> " + to.id();
        }
    }
}

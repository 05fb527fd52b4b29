package io.switchboard.media.endpoint;

import io.netty.buffer.ByteBuf;

/** The last stage of an endpoint's receive path (a bridge or a mixer); it owns and must release the packet. */
public interface RtpConsumer {
    /**
     * @param event true for an RFC 4733 telephone-event packet, false for audio in {@code from}'s codec
     */
    void consume(RtpEndpoint from, ByteBuf packet, boolean event, long arrivalNanos);
}

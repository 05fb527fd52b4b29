package io.switchboard.media.endpoint;

import io.netty.buffer.ByteBuf;

/** Sees every admitted RTP packet of an endpoint on its loop; must neither keep nor modify the packet. */
public interface RtpObserver {
    /**
     * @param event true for an RFC 4733 telephone-event packet, false for audio in the endpoint's codec
     */
    void onRtp(RtpEndpoint endpoint, ByteBuf packet, boolean event, long arrivalNanos);

    /** Called from the endpoint's housekeeping timer (every {@link RtpEndpoint#TICK_MILLIS} ms). */
    default void onTick(RtpEndpoint endpoint, long nowNanos) {
    }
}

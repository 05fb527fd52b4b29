package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;

/**
 * Sees every admitted RTP packet of one endpoint (or, as a send tap, every audio packet it sends) on the
 * endpoint's loop; must neither keep nor modify the packet. An observer belongs to the endpoint it was added
 * to, so it is not told which one that is.
 */
public interface RtpObserver {
    /**
     * @param event true for an RFC 4733 telephone-event packet, false for audio
     * @param codec the law of the audio: the endpoint's negotiated one
     */
    void onRtp(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos);

    /**
     * True when only RFC 4733 event packets are of interest: then audio packets are not shown, so they do not
     * read the observer at all. Asked once, when the observer is added.
     */
    default boolean eventsOnly() {
        return false;
    }

    /** Called from the endpoint's housekeeping timer (every 100 ms). */
    default void onTick(long nowNanos) {
    }
}

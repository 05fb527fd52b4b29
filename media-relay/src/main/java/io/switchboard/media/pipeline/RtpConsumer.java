package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;

/**
 * The last stage of one endpoint's receive path (one direction of a bridge, a mixer's participant); it owns
 * and must release the packet. A consumer is set on the endpoint it consumes from, so it knows which one.
 */
public interface RtpConsumer {
    /**
     * @param event true for an RFC 4733 telephone-event packet, false for audio
     * @param codec the law of the audio: the receiving endpoint's negotiated one
     */
    void consume(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos);
}

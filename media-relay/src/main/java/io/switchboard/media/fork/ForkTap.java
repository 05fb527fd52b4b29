package io.switchboard.media.fork;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.AudioFrameConsumer;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.pipeline.RtpObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers a leg's received audio, decoded to linear, to a consumer off the event loop. Each frame is a
 * fresh array handed over through the executor; when the consumer falls more than {@link #MAX_PENDING}
 * frames behind, frames are dropped and counted rather than queued without bound.
 */
public final class ForkTap implements RtpObserver {
    static final int MAX_PENDING = 500; // 10 s of audio

    private final EndpointId endpoint;
    private final AudioFrameConsumer consumer;
    private final Executor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private long dropped;

    public ForkTap(EndpointId endpoint, AudioFrameConsumer consumer, Executor executor) {
        this.endpoint = endpoint;
        this.consumer = consumer;
        this.executor = executor;
    }

    @Override
    public void onRtp(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
        if (event) {
            return;
        }
        if (pending.get() >= MAX_PENDING) {
            dropped++;
            return;
        }
        int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
        int length = RtpHeader.payloadLength(packet);
        short[] frame = new short[length];
        for (int i = 0; i < length; i++) {
            frame[i] = codec.decode(packet.getByte(start + i));
        }
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    consumer.onFrame(endpoint, arrivalNanos, frame);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped++;
        }
    }

    /** Frames dropped because the consumer was too slow or the relay was closing. */
    public long dropped() {
        return dropped;
    }
}

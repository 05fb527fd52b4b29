package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last receive node: hands the packet, and with it ownership, to the endpoint's consumer (one direction
 * of a bridge, or a mixer); with none set the packet ends here and is released (a leg that only listens to
 * prompts, or an endpoint between two bridges).
 */
public final class ConsumerHandoff extends PathNode {
    private static final Kind KIND = Kind.of("receive/consumer", "no-consumer");
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerHandoff.class);

    private final String owner;
    private RtpConsumer consumer;
    private long noConsumer;
    private long failures;

    /** @param owner the endpoint's id, for the log */
    ConsumerHandoff(String owner) {
        super(KIND);
        this.owner = owner;
    }

    void set(RtpConsumer consumer) {
        this.consumer = consumer;
    }

    RtpConsumer get() {
        return consumer;
    }

    /** Takes ownership of {@code packet}. */
    public void handOver(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
        arrived();
        RtpConsumer c = consumer;
        if (c == null) {
            noConsumer++;
            packet.release();
            return;
        }
        try {
            c.consume(packet, event, codec, arrivalNanos);
        } catch (RuntimeException e) {
            // ownership passed to the consumer; releasing here could free a buffer it already gave away
            failures++;
            LOG.warn("endpoint {}: consumer {} failed", owner, c, e);
        }
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? noConsumer : super.dropped(index);
    }

    /** Times the consumer threw. */
    public long failures() {
        return failures;
    }
}

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last receive node: hands the packet, and with it ownership, to the endpoint's consumer (one direction
 * of a bridge, or a mixer); with none set the packet ends here and is released (a leg that only listens to
 * prompts, or an endpoint between two bridges).
 *
 * <p>The receive path holds the consumer and hands over itself (see {@link PathNode}); the node is read
 * only when there is no consumer or it fails.
 */
public final class ConsumerHandoff extends PathNode {
    private static final Kind KIND = Kind.of("receive/consumer", "no-consumer");
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerHandoff.class);

    private final String owner;
    private long noConsumer;
    private long failures;

    /** @param owner the endpoint's id, for the log */
    ConsumerHandoff(String owner) {
        super(KIND);
        this.owner = owner;
    }

    /** Takes ownership of {@code packet}; {@code consumer} may be null, and the packet ends here. */
    static void handOver(RtpConsumer consumer, ConsumerHandoff node, ByteBuf packet, boolean event,
            AudioCodec codec, long arrivalNanos) {
        if (consumer == null) {
            node.noConsumer++;
            packet.release();
            return;
        }
        try {
            consumer.consume(packet, event, codec, arrivalNanos);
        } catch (RuntimeException e) {
            // ownership passed to the consumer; releasing here could free a buffer it already gave away
            node.failures++;
            LOG.warn("endpoint {}: consumer {} failed", node.owner, consumer, e);
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

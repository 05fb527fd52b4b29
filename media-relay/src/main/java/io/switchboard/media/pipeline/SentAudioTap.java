package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the audio the endpoint sends, in this leg's law with the rewritten header, to its one tap (a
 * recorder's channel for what the caller hears from us: prompts, music, the agent); RFC 4733 events are
 * not shown. A tap reads and must not keep the packet; one that throws is logged and counted, and the
 * packet still goes out. The send path holds the tap and calls it (see {@link PathNode}); the node is read
 * only when the tap fails.
 */
public final class SentAudioTap extends PathNode {
    private static final Kind KIND = Kind.of("send/taps");
    private static final Logger LOG = LoggerFactory.getLogger(SentAudioTap.class);

    private final String owner;
    private long failures;

    SentAudioTap(String owner) {
        super(KIND);
        this.owner = owner;
    }

    /** @param codec the law of the packet (the leg's own, after transcoding) */
    static void show(RtpObserver tap, SentAudioTap node, ByteBuf packet, AudioCodec codec, long nowNanos) {
        try {
            tap.onRtp(packet, false, codec, nowNanos);
        } catch (RuntimeException e) {
            node.failures++;
            LOG.warn("endpoint {}: observer {} of sent audio failed", node.owner, tap, e);
        }
    }

    /** Times the tap threw. */
    public long failures() {
        return failures;
    }
}

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the audio the endpoint sends, in this leg's law with the rewritten header, to its one tap (a
 * recorder's channel for what the caller hears from us: prompts, music, the agent); RFC 4733 events are
 * not shown. A tap reads and must not keep the packet; one that throws is logged and counted, and the
 * packet still goes out.
 */
public final class SentAudioTap extends PathNode {
    private static final Kind KIND = Kind.of("send/taps");
    private static final Logger LOG = LoggerFactory.getLogger(SentAudioTap.class);

    private final String owner;
    private RtpObserver tap;
    private long failures;

    SentAudioTap(String owner) {
        super(KIND);
        this.owner = owner;
    }

    void set(RtpObserver observer) {
        this.tap = observer;
    }

    RtpObserver get() {
        return tap;
    }

    /** @param codec the law of the packet (the leg's own, after transcoding) */
    public void show(ByteBuf packet, AudioCodec codec, long nowNanos) {
        arrived();
        RtpObserver t = tap;
        if (t == null) {
            return;
        }
        try {
            t.onRtp(packet, false, codec, nowNanos);
        } catch (RuntimeException e) {
            failures++;
            LOG.warn("endpoint {}: observer {} of sent audio failed", owner, t, e);
        }
    }

    /** Times the tap threw. */
    public long failures() {
        return failures;
    }
}

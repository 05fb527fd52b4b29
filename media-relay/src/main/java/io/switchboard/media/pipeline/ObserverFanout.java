package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.AudioCodec;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each received packet to the endpoint's observers (RFC 4733 and in-band DTMF, recorder taps, forks)
 * without handing it over: they read, the consumer behind owns. An observer that throws is logged and
 * counted, and the packet goes on; one peer's bad packet must not silence the others.
 *
 * <p>The receive path holds the current array and calls the observers itself (see {@link PathNode}); the
 * node keeps the list's changes and is read only when an observer fails.
 */
public final class ObserverFanout extends PathNode {
    private static final Logger LOG = LoggerFactory.getLogger(ObserverFanout.class);
    static final RtpObserver[] NONE = new RtpObserver[0];
    private static final Kind KIND = Kind.of("receive/observers");

    private final String owner;
    private long failures;

    /** @param owner the endpoint's id, for the log */
    ObserverFanout(String owner) {
        super(KIND);
        this.owner = owner;
    }

    /**
     * {@code observers} and {@code observer}: a new array, never changed in place, so that an observer may
     * remove itself while being called.
     */
    static RtpObserver[] with(RtpObserver[] observers, RtpObserver observer) {
        RtpObserver[] next = Arrays.copyOf(observers, observers.length + 1);
        next[observers.length] = observer;
        return next;
    }

    /** {@code observers} without those that want RFC 4733 events only, as a new array. */
    static RtpObserver[] ofAudio(RtpObserver[] observers) {
        RtpObserver[] next = Arrays.stream(observers).filter(o -> !o.eventsOnly()).toArray(RtpObserver[]::new);
        return next.length == 0 ? NONE : next;
    }

    /** {@code observers} without {@code observer}, as a new array. */
    static RtpObserver[] without(RtpObserver[] observers, RtpObserver observer) {
        RtpObserver[] next = Arrays.stream(observers).filter(o -> o != observer).toArray(RtpObserver[]::new);
        return next.length == 0 ? NONE : next;
    }

    /** Shows the packet to each of {@code observers}; a failure is counted on {@code node}. */
    static void show(RtpObserver[] observers, ObserverFanout node, ByteBuf packet, boolean event, AudioCodec codec,
            long arrivalNanos) {
        for (RtpObserver o : observers) {
            try {
                o.onRtp(packet, event, codec, arrivalNanos);
            } catch (RuntimeException e) {
                node.failed(o, e);
            }
        }
    }

    private void failed(RtpObserver o, RuntimeException e) {
        failures++;
        LOG.warn("endpoint {}: observer {} failed", owner, o, e);
    }

    /** The observers' timers (DTMF end-packet loss recovery); {@code owner} names the endpoint in the log. */
    static void tick(RtpObserver[] observers, String owner, long nowNanos) {
        for (RtpObserver o : observers) {
            try {
                o.onTick(nowNanos);
            } catch (RuntimeException e) {
                LOG.warn("endpoint {}: observer {} tick failed", owner, o, e);
            }
        }
    }

    /** Times an observer threw. */
    public long failures() {
        return failures;
    }
}

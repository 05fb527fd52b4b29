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
 */
public final class ObserverFanout extends PathNode {
    private static final Logger LOG = LoggerFactory.getLogger(ObserverFanout.class);
    private static final RtpObserver[] NONE = new RtpObserver[0];
    private static final Kind KIND = Kind.of("receive/observers");

    private final String owner;
    /** Replaced, never changed in place, so that an observer may remove itself while being called. */
    private RtpObserver[] observers = NONE;
    private long failures;

    /** @param owner the endpoint's id, for the log */
    ObserverFanout(String owner) {
        super(KIND);
        this.owner = owner;
    }

    void add(RtpObserver observer) {
        RtpObserver[] next = Arrays.copyOf(observers, observers.length + 1);
        next[observers.length] = observer;
        observers = next;
    }

    void remove(RtpObserver observer) {
        observers = Arrays.stream(observers).filter(o -> o != observer).toArray(RtpObserver[]::new);
    }

    void clear() {
        observers = NONE;
    }

    public void show(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
        arrived();
        for (RtpObserver o : observers) {
            try {
                o.onRtp(packet, event, codec, arrivalNanos);
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("endpoint {}: observer {} failed", owner, o, e);
            }
        }
    }

    /** The observers' timers (DTMF end-packet loss recovery). */
    void tick(long nowNanos) {
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

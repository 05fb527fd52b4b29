package io.switchboard.media.pipeline;

/**
 * When the peer was last heard, for the media timeout: RTP and RTCP both count as signs of life, a new
 * remote description restarts the wait, and a timeout is reported once until RTP flows again (RTCP alone
 * keeps a stream from timing out but does not re-arm a report already made). Loop-confined.
 */
public final class InboundActivity {
    private long lastNanos;
    private boolean timeoutReported;

    public InboundActivity(long nowNanos) {
        this.lastNanos = nowNanos;
    }

    void rtpArrived(long nowNanos) {
        lastNanos = nowNanos;
        timeoutReported = false;
    }

    void controlArrived(long nowNanos) {
        lastNanos = nowNanos;
    }

    /** A new remote description: waiting starts over. */
    public void restart(long nowNanos) {
        lastNanos = nowNanos;
        timeoutReported = false;
    }

    /** True once per silence longer than {@code limitNanos}; the caller reports it. */
    public boolean timedOut(long nowNanos, long limitNanos) {
        if (!timeoutReported && nowNanos - lastNanos > limitNanos) {
            timeoutReported = true;
            return true;
        }
        return false;
    }
}

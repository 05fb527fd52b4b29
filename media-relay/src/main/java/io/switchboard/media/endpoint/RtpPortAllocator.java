package io.switchboard.media.endpoint;

/** Hands out even RTP ports whose odd neighbour is reserved for RTCP; safe to call from any thread. */
public interface RtpPortAllocator {
    /** An even port not handed out before or since released, or -1 when the range is exhausted. */
    int allocate();

    /** Returns a port obtained from {@link #allocate()}. */
    void release(int port);

    /** Ports pairs currently handed out. */
    int inUse();
}

package io.switchboard.media.endpoint;

import java.util.BitSet;

/**
 * Allocates even/odd port pairs round-robin over a configured range, so a released port is reused as late
 * as possible (stray packets for an old call are less likely to reach a new one).
 */
public final class RangePortAllocator implements RtpPortAllocator {
    private final int firstPort;
    private final int pairs;
    /** LOCK: this. Bit i set when pair i (port firstPort + 2i) is handed out. */
    private final BitSet used;
    /** LOCK: this. */
    private int next;

    /** Covers the even ports in {@code [min, max]} whose next port is also {@code <= max}. */
    public RangePortAllocator(int min, int max) {
        this.firstPort = (min & 1) == 0 ? min : min + 1;
        this.pairs = Math.max(0, (max - firstPort + 1) / 2);
        if (pairs == 0) {
            throw new IllegalArgumentException("no RTP/RTCP port pair in " + min + "-" + max);
        }
        this.used = new BitSet(pairs);
    }

    @Override
    public synchronized int allocate() {
        int i = used.nextClearBit(next);
        if (i >= pairs) {
            i = used.nextClearBit(0);
            if (i >= pairs) {
                return -1;
            }
        }
        used.set(i);
        next = i + 1 >= pairs ? 0 : i + 1;
        return firstPort + 2 * i;
    }

    @Override
    public synchronized void release(int port) {
        int i = (port - firstPort) / 2;
        if (port < firstPort || (port - firstPort) % 2 != 0 || i >= pairs || !used.get(i)) {
            throw new IllegalArgumentException("port " + port + " was not allocated here");
        }
        used.clear(i);
    }

    @Override
    public synchronized int inUse() {
        return used.cardinality();
    }

    public int capacity() {
        return pairs;
    }
}

package io.switchboard.media.pipeline;

/**
 * Per-stream receive statistics of RFC 3550: sequence tracking with wrap, probation and resync
 * (appendix A.1), packets expected and lost (A.3), and interarrival jitter (section 6.4.1, A.8).
 */
public final class ReceiveStats {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int MIN_SEQUENTIAL = 2;
    private static final int SEQ_MOD = 1 << 16;

    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long badSeq = SEQ_MOD + 1;
    private int probation = MIN_SEQUENTIAL;
    private long received;
    private long bytes;
    private boolean initialised;
    private long lastTransit;
    private boolean haveTransit;
    /** Jitter in timestamp units scaled by 16, as the A.8 integer implementation keeps it. */
    private long jitterQ4;
    private long ssrc = -1;

    /** Records one packet; {@code arrivalUnits} is the arrival time in RTP timestamp units (8 kHz). */
    public void onPacket(long packetSsrc, int seq, long rtpTimestamp, long arrivalUnits, int size) {
        if (packetSsrc != ssrc) {
            // a new source restarts the sequence space (RFC 3550 section 8.2)
            ssrc = packetSsrc;
            initialised = false;
            haveTransit = false;
            probation = MIN_SEQUENTIAL;
        }
        if (!initialised) {
            initSeq(seq);
            maxSeq = seq - 1;
            initialised = true;
        }
        if (updateSeq(seq)) {
            received++;
            bytes += size;
        }
        long transit = arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
    }

    /** RFC 3550 appendix A.1 update_seq. */
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & (SEQ_MOD - 1);
                return false;
            }
        }
        return true;
    }

    private long expectedPrior;
    private long receivedPrior;

    /** The SSRC of the stream, or -1 before the first packet. */
    public long ssrc() {
        return ssrc;
    }

    /** The extended highest sequence number received (RFC 3550 section 6.4.1). */
    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    /**
     * The fraction of packets lost since the previous call, in 1/256 (RFC 3550 appendix A.3); each call
     * starts a new reporting interval.
     */
    public int fractionLostSinceLastReport() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }

    public long received() {
        return received;
    }

    public long bytes() {
        return bytes;
    }

    /** Packets expected since the stream was validated (RFC 3550 appendix A.3). */
    public long expected() {
        return initialised && probation == 0 ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    /** Cumulative packets lost; negative when duplicates arrived (RFC 3550 section 6.4.1). */
    public long lost() {
        return expected() - received;
    }

    /** Interarrival jitter in timestamp units (RFC 3550 section 6.4.1). */
    public long jitter() {
        return jitterQ4 >> 4;
    }
}

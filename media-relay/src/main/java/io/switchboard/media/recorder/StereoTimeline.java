package io.switchboard.media.recorder;

/**
 * Places two channels of 8 kHz audio on one wall-clock timeline so they never drift apart.
 *
 * <p>Sample index i is the instant {@code t0 + i / 8000 s}. A stream's first packet is placed by its arrival
 * time; later packets by their RTP timestamp relative to the previous one, so jitter and bursts keep the
 * audio contiguous and a timestamp gap (loss, silence suppression) becomes silence. Arrival time bounds the
 * drift: a stream more than {@link #MAX_AHEAD_SAMPLES} ahead of its arrivals (a sender faster than real
 * time) or so far behind that it would be cut (a long stall) is re-anchored at its arrival, as is a new
 * SSRC or an implausible timestamp jump. Frames are released {@link #DELAY_SAMPLES} behind the clock so
 * late packets still land in place. Loop-confined; {@link #put} allocates nothing.
 */
public final class StereoTimeline {
    static final int RATE = 8000;
    /** A timestamp step beyond this (or backwards) starts the stream afresh rather than leaving a gap. */
    static final int MAX_STEP_SAMPLES = 10 * RATE;
    static final int MAX_AHEAD_SAMPLES = 1600; // 200 ms
    static final int DELAY_SAMPLES = 1600; // 200 ms
    static final int WINDOW_FRAMES = 2 * RATE; // comfortably above delay + max ahead + flush period

    private final long t0Nanos;
    private final short[] ring = new short[2 * WINDOW_FRAMES];
    private final long[] lastPos = {-1, -1};
    private final long[] lastTs = new long[2];
    private final long[] lastSsrc = new long[2];
    private final long[] end = new long[2];
    private long flushed;
    private long lateSamplesCut;
    private long overflowSamplesDropped;

    public StereoTimeline(long t0Nanos) {
        this.t0Nanos = t0Nanos;
    }

    /** The sample index of an instant. */
    long positionOf(long nanos) {
        return Math.floorDiv(nanos - t0Nanos, 125_000L);
    }

    /**
     * Places {@code count} samples of {@code channel} (0 left, 1 right) from an RTP packet with timestamp
     * {@code rtpTimestamp} and {@code ssrc} that arrived at {@code arrivalNanos}.
     */
    public void put(int channel, long arrivalNanos, long rtpTimestamp, long ssrc, short[] samples, int count) {
        long byArrival = positionOf(arrivalNanos) - count;
        long pos;
        boolean advance = true;
        if (lastPos[channel] < 0 || ssrc != lastSsrc[channel]) {
            pos = byArrival;
        } else {
            long step = (int) (rtpTimestamp - lastTs[channel]); // signed 32-bit difference (RFC 3550 wrap)
            if (step > MAX_STEP_SAMPLES || step < -MAX_AHEAD_SAMPLES) {
                pos = byArrival;
            } else {
                pos = lastPos[channel] + step;
                advance = step > 0; // a reordered packet goes back into its place without moving the stream
            }
        }
        if (pos - byArrival > MAX_AHEAD_SAMPLES || byArrival - pos > DELAY_SAMPLES - count) {
            pos = byArrival;
            advance = true;
        }
        if (advance) {
            lastPos[channel] = pos;
            lastTs[channel] = rtpTimestamp;
            lastSsrc[channel] = ssrc;
        }
        for (int i = 0; i < count; i++) {
            long index = pos + i;
            if (index < flushed) {
                lateSamplesCut++;
            } else if (index >= flushed + WINDOW_FRAMES) {
                overflowSamplesDropped++;
            } else {
                ring[(int) (index % WINDOW_FRAMES) * 2 + channel] = samples[i];
            }
            end[channel] = Math.max(end[channel], index + 1);
        }
    }

    /** Frames that may be released at {@code nowNanos}. */
    public int ready(long nowNanos) {
        long upTo = Math.min(positionOf(nowNanos) - DELAY_SAMPLES, flushed + WINDOW_FRAMES);
        return (int) Math.max(0, upTo - flushed);
    }

    /** Releases every frame up to the clock (or all, when {@code all}) as 16-bit little-endian stereo PCM. */
    public byte[] drain(long nowNanos, boolean all) {
        int frames = all ? (int) Math.max(0, Math.max(end[0], end[1]) - flushed) : ready(nowNanos);
        frames = Math.min(frames, WINDOW_FRAMES);
        byte[] out = new byte[frames * 4];
        for (int f = 0; f < frames; f++) {
            int slot = (int) ((flushed + f) % WINDOW_FRAMES) * 2;
            for (int c = 0; c < 2; c++) {
                short s = ring[slot + c];
                out[4 * f + 2 * c] = (byte) s;
                out[4 * f + 2 * c + 1] = (byte) (s >> 8);
                ring[slot + c] = 0;
            }
        }
        flushed += frames;
        return out;
    }

    /** Frames released so far. */
    public long flushedFrames() {
        return flushed;
    }

    public long lateSamplesCut() {
        return lateSamplesCut;
    }

    public long overflowSamplesDropped() {
        return overflowSamplesDropped;
    }
}

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Makes everything an endpoint sends look like one continuous RTP stream: our SSRC, and sequence numbers
 * and timestamps that continue across changes of source (prompt, then the bridged party, then hold music)
 * so the far end's jitter buffer never sees a jump.
 *
 * <p>Within one source, packets keep their own spacing (a gap from loss upstream stays a gap). When the
 * source or its SSRC changes, the next packet gets the next sequence number and a timestamp advanced by
 * the wall-clock time since our last packet, at least one packet's duration, and the marker bit
 * (RFC 3550 section 5.1; RFC 3551 section 4.1 for the marker at the start of a talkspurt). Loop-confined.
 *
 * <p>The send node after transcoding; it drops nothing.
 */
public final class OutboundStream extends PathNode {
    private static final Kind KIND = Kind.of("send/rewrite");
    private static final int CLOCK_RATE = 8000;

    private final long ssrc;
    private Object source;
    private long sourceSsrc = -1;
    private int seqOffset;
    private long tsOffset;
    private boolean started;
    private int lastSeq;
    private long lastTimestamp;
    private long lastSendNanos;
    private int lastDurationSamples = 160;
    private long switches;
    private long packets;
    private long octets;

    public OutboundStream(long ssrc) {
        super(KIND);
        this.ssrc = ssrc & 0xFFFFFFFFL;
    }

    /**
     * Rewrites SSRC, sequence number and timestamp of {@code packet} in place.
     *
     * @param from the object feeding this stream (bridge, player, DTMF sender); identity is what counts
     * @param durationSamples the samples this packet covers (for the gap after a switch)
     */
    public void rewrite(ByteBuf packet, Object from, long nowNanos, int durationSamples) {
        packets++;
        int inSeq = RtpHeader.sequence(packet);
        long inTs = RtpHeader.timestamp(packet);
        long inSsrc = RtpHeader.ssrc(packet);
        boolean switched = from != source || inSsrc != sourceSsrc;
        if (switched) {
            int nextSeq;
            long nextTs;
            if (started) {
                nextSeq = (lastSeq + 1) & 0xFFFF;
                long elapsed = Math.max(0, nowNanos - lastSendNanos) * CLOCK_RATE / 1_000_000_000L;
                nextTs = (lastTimestamp + Math.max(elapsed, lastDurationSamples)) & 0xFFFFFFFFL;
            } else {
                nextSeq = (int) (ssrc & 0x7FFF); // RFC 3550 section 5.1: the initial values should be random
                nextTs = (ssrc * 2654435761L) & 0xFFFFFFFFL;
            }
            seqOffset = nextSeq - inSeq;
            tsOffset = nextTs - inTs;
            source = from;
            sourceSsrc = inSsrc;
            if (started) {
                switches++;
            }
        }
        int outSeq = (inSeq + seqOffset) & 0xFFFF;
        long outTs = (inTs + tsOffset) & 0xFFFFFFFFL;
        RtpHeader.setSequence(packet, outSeq);
        RtpHeader.setTimestamp(packet, outTs);
        RtpHeader.setSsrc(packet, ssrc);
        if (switched) {
            RtpHeader.setMarker(packet, true);
        }
        // Track the newest packet only, so a late packet does not pull the continuation point back.
        if (!started || switched || ((outSeq - lastSeq) & 0xFFFF) < 0x8000) {
            lastSeq = outSeq;
            lastTimestamp = outTs;
            lastDurationSamples = durationSamples > 0 ? durationSamples : lastDurationSamples;
        }
        lastSendNanos = nowNanos;
        started = true;
        octets += RtpHeader.payloadLength(packet);
    }

    /** Packets sent (the SR sender's packet count). */
    public long packets() {
        return packets;
    }

    /** Payload octets sent (the SR sender's octet count, RFC 3550 section 6.4.1). */
    public long octets() {
        return octets;
    }

    /** The RTP timestamp that corresponds to {@code nowNanos} on this stream's clock, for an SR. */
    public long timestampAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastSendNanos) * CLOCK_RATE / 1_000_000_000L;
        return (lastTimestamp + elapsed) & 0xFFFFFFFFL;
    }

    /**
     * A packet of {@code from} was withheld on purpose (hold, a higher-priority source). When {@code from}
     * is the current source, its next packet re-anchors like a source switch, so the far end sees a pause,
     * not lost packets. A muted source's packets leave the current one alone: a prompt running on under a
     * live playback must not re-anchor (and mark) every packet of the live audio.
     */
    public void interrupt(Object from) {
        if (from == source) {
            source = null;
        }
    }

    public long ssrc() {
        return ssrc;
    }

    /** How many times the source changed after the first packet. */
    public long switches() {
        return switches;
    }
}

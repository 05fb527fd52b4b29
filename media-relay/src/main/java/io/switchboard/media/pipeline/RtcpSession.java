package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.Rtcp;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RTCP for one endpoint, which terminates RTCP because it rewrites the SSRCs it relays: every few seconds
 * a sender report about our outgoing stream (receiver report while we have sent nothing) with a block about
 * the peer's stream, plus SDES CNAME; received reports give the peer's view of our stream and the round
 * trip (RFC 3550 section 6.4.1). Loop-confined.
 */
public final class RtcpSession {
    /** RFC 3550 section 6.2: 5 s minimum interval, randomised over [0.5, 1.5] of it (section 6.3.1). */
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final String cname;
    private long nextReportNanos;
    private long lastSrMiddle;
    private long lastSrArrivalNanos;
    private boolean haveSr;
    private int remoteFractionLost;
    private long remoteCumulativeLost;
    private long remoteJitter;
    private long roundTripNanos = -1;
    private long reportsSent;
    private long reportsReceived;
    private long malformed;

    public RtcpSession(String cname, long nowNanos) {
        this.cname = cname;
        this.nextReportNanos = nowNanos + randomInterval() / 2; // the first report comes sooner (section 6.2)
    }

    private static long randomInterval() {
        return (long) (INTERVAL_NANOS * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    public boolean due(long nowNanos) {
        return nowNanos - nextReportNanos >= 0;
    }

    /** When the next report is due ({@link System#nanoTime()}). */
    public long nextReportNanos() {
        return nextReportNanos;
    }

    /**
     * Writes our compound report into {@code out} and schedules the next one.
     *
     * @param stats what we received from the peer (a block is written once a packet arrived)
     */
    public void writeReport(ByteBuf out, long nowNanos, long unixNanos, OutboundStream sent, ReceiveStats stats) {
        nextReportNanos = nowNanos + randomInterval();
        Rtcp.ReportBlock block = null;
        if (stats.ssrc() >= 0) {
            long dlsr = haveSr ? ((nowNanos - lastSrArrivalNanos) << 16) / 1_000_000_000L : 0;
            block = new Rtcp.ReportBlock(stats.ssrc(), stats.fractionLostSinceLastReport(), (int) stats.lost(),
                    stats.extendedHighestSeq(), stats.jitter(), haveSr ? lastSrMiddle : 0, dlsr);
        }
        if (sent.packets() > 0) {
            Rtcp.writeSenderReport(out, sent.ssrc(), Rtcp.ntp(unixNanos), sent.timestampAt(nowNanos), sent.packets(),
                    sent.octets(), block);
        } else {
            Rtcp.writeReceiverReport(out, sent.ssrc(), block);
        }
        Rtcp.writeSdesCname(out, sent.ssrc(), cname);
        reportsSent++;
    }

    /** Reads a compound packet from the peer; {@code ourSsrc} picks the block about our stream. */
    public void receive(ByteBuf packet, long ourSsrc, long nowNanos, long unixNanos) {
        reportsReceived++;
        boolean ok = Rtcp.read(packet, new Rtcp.Visitor() {
            @Override
            public void senderReport(long ssrc, long ntp) {
                lastSrMiddle = Rtcp.middle(ntp);
                lastSrArrivalNanos = nowNanos;
                haveSr = true;
            }

            @Override
            public void reportBlock(long reporter, Rtcp.ReportBlock block) {
                if (block.ssrc() != ourSsrc) {
                    return;
                }
                remoteFractionLost = block.fractionLost();
                remoteCumulativeLost = block.cumulativeLost();
                remoteJitter = block.jitter();
                if (block.lastSr() != 0) {
                    // RFC 3550 section 6.4.1: RTT = A - LSR - DLSR, in 1/65536 s
                    long a = Rtcp.middle(Rtcp.ntp(unixNanos));
                    long rtt = (a - block.lastSr() - block.delaySinceLastSr()) & 0xFFFFFFFFL;
                    if (rtt < 0x80000000L) {
                        roundTripNanos = rtt * 1_000_000_000L >> 16;
                    }
                }
            }
        });
        if (!ok) {
            malformed++;
        }
    }

    public int remoteFractionLost() {
        return remoteFractionLost;
    }

    public long remoteCumulativeLost() {
        return remoteCumulativeLost;
    }

    public long remoteJitter() {
        return remoteJitter;
    }

    /** The round trip from the last report about us, or -1 when none carried an LSR. */
    public long roundTripNanos() {
        return roundTripNanos;
    }

    public long reportsSent() {
        return reportsSent;
    }

    public long reportsReceived() {
        return reportsReceived;
    }

    public long malformed() {
        return malformed;
    }

    /** Wall-clock time in nanoseconds since 1970, for NTP timestamps (RFC 3550 section 4). */
    public static long unixNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

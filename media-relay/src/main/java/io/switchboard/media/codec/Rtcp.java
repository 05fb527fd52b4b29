package io.switchboard.media.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * RTCP wire format (RFC 3550 section 6.4 and 6.5): writers for the compound packet the relay sends (SR or RR
 * with one report block, then SDES CNAME, as section 6.1 requires) and a reader that walks a received
 * compound packet without allocating.
 */
public final class Rtcp {
    public static final int PT_SR = 200;
    public static final int PT_RR = 201;
    public static final int PT_SDES = 202;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    private static final long NTP_OFFSET = 2_208_988_800L;

    private Rtcp() {
    }

    /** One reception report block (RFC 3550 section 6.4.1). */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
            long lastSr, long delaySinceLastSr) {
    }

    /** The 64-bit NTP timestamp of a Unix time in nanoseconds. */
    public static long ntp(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        return ((seconds + NTP_OFFSET) << 32) | ((nanos << 32) / 1_000_000_000L);
    }

    /** The middle 32 bits of an NTP timestamp, as LSR and DLSR arithmetic uses (section 6.4.1). */
    public static long middle(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** Writes a sender report with {@code block} (or none when null). */
    public static void writeSenderReport(ByteBuf out, long ssrc, long ntp, long rtpTimestamp, long packets, long octets,
            ReportBlock block) {
        int count = block == null ? 0 : 1;
        out.writeByte(0x80 | count).writeByte(PT_SR).writeShort(6 + 6 * count);
        out.writeInt((int) ssrc).writeLong(ntp).writeInt((int) rtpTimestamp).writeInt((int) packets).writeInt((int) octets);
        if (block != null) {
            writeBlock(out, block);
        }
    }

    /** Writes a receiver report with {@code block} (or none when null). */
    public static void writeReceiverReport(ByteBuf out, long ssrc, ReportBlock block) {
        int count = block == null ? 0 : 1;
        out.writeByte(0x80 | count).writeByte(PT_RR).writeShort(1 + 6 * count);
        out.writeInt((int) ssrc);
        if (block != null) {
            writeBlock(out, block);
        }
    }

    private static void writeBlock(ByteBuf out, ReportBlock b) {
        out.writeInt((int) b.ssrc());
        out.writeByte(b.fractionLost());
        out.writeMedium(Math.max(-0x800000, Math.min(0x7FFFFF, b.cumulativeLost())));
        out.writeInt((int) b.extendedHighestSeq()).writeInt((int) b.jitter());
        out.writeInt((int) b.lastSr()).writeInt((int) b.delaySinceLastSr());
    }

    /** Writes an SDES packet with one CNAME item (section 6.5.1), padded to a 32-bit boundary. */
    public static void writeSdesCname(ByteBuf out, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(255, text.length);
        int chunk = 4 + 2 + len + 1; // SSRC, type+length, text, terminating null item
        int padded = (chunk + 3) & ~3;
        out.writeByte(0x81).writeByte(PT_SDES).writeShort(padded / 4);
        out.writeInt((int) ssrc).writeByte(1).writeByte(len).writeBytes(text, 0, len);
        out.writeZero(padded - chunk + 1);
    }

    /** Receives the parts of a compound packet the relay uses. */
    public interface Visitor {
        /** A sender report from {@code ssrc} with its NTP timestamp. */
        void senderReport(long ssrc, long ntp);

        /** A report block from {@code reporter} about {@code block.ssrc()}. */
        void reportBlock(long reporter, ReportBlock block);
    }

    /**
     * Walks a compound packet (section 6.1); returns false when it is malformed (bad version, a length
     * running past the datagram) — what was visited before the fault stays visited.
     */
    public static boolean read(ByteBuf in, Visitor visitor) {
        int pos = in.readerIndex();
        int end = in.writerIndex();
        while (pos + 4 <= end) {
            int b0 = in.getUnsignedByte(pos);
            int pt = in.getUnsignedByte(pos + 1);
            int length = 4 * (in.getUnsignedShort(pos + 2) + 1);
            if ((b0 >> 6) != 2 || pos + length > end) {
                return false;
            }
            int count = b0 & 0x1F;
            if (pt == PT_SR && length >= 28) {
                long ssrc = in.getUnsignedInt(pos + 4);
                visitor.senderReport(ssrc, in.getLong(pos + 8));
                blocks(in, pos + 28, pos + length, count, ssrc, visitor);
            } else if (pt == PT_RR && length >= 8) {
                blocks(in, pos + 8, pos + length, count, in.getUnsignedInt(pos + 4), visitor);
            }
            pos += length;
        }
        return pos == end;
    }

    private static void blocks(ByteBuf in, int from, int to, int count, long reporter, Visitor visitor) {
        for (int i = 0; i < count && from + 24 * (i + 1) <= to; i++) {
            int at = from + 24 * i;
            int lost = in.getMedium(at + 5); // signed 24-bit
            visitor.reportBlock(reporter, new ReportBlock(in.getUnsignedInt(at), in.getUnsignedByte(at + 4), lost,
                    in.getUnsignedInt(at + 8), in.getUnsignedInt(at + 12), in.getUnsignedInt(at + 16),
                    in.getUnsignedInt(at + 20)));
        }
    }
}

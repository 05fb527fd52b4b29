package io.switchboard.media.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.codec.TelephoneEvent;
import org.junit.jupiter.api.Test;

/** RFC 4733 end-packet de-duplication, including lost end packets. */
class Rfc4733ReceiverTest {
    private static final long MS = 1_000_000L;
    private final StringBuilder digits = new StringBuilder();
    private final Rfc4733Receiver receiver = new Rfc4733Receiver((d, s) -> digits.append(d));
    private int seq;

    private void packet(int event, boolean end, long timestamp, int duration, long atNanos) {
        ByteBuf p = Unpooled.buffer();
        try {
            RtpHeader.write(p, false, 101, seq++, timestamp, 42);
            TelephoneEvent.write(p, event, end, 10, duration);
            receiver.onEventPacket(p, atNanos);
        } finally {
            p.release();
        }
    }

    /** A whole event as a typical sender emits it: updates every 20 ms, then three end packets. */
    private long event(int code, long ts, long t, boolean[] keepEnds) {
        for (int i = 1; i <= 5; i++) {
            packet(code, false, ts, 160 * i, t);
            t += 20 * MS;
        }
        for (int i = 0; i < 3; i++) {
            if (keepEnds[i]) {
                packet(code, true, ts, 800, t);
            }
            t += 20 * MS;
        }
        return t;
    }

    @Test
    void reportsEachEventOnceDespiteTheThreeEndPackets() {
        long t = 0;
        t = event(1, 1000, t, new boolean[] {true, true, true});
        t = event(1, 2600, t, new boolean[] {true, true, true}); // same key again: a new timestamp
        t = event(11, 4200, t, new boolean[] {true, true, true}); // '#'
        assertEquals("11#", digits.toString());
        assertEquals(6, receiver.duplicatesIgnored());
    }

    @Test
    void reportsOnceWhenTheFirstEndPacketIsLost() {
        long t = event(5, 1000, 0, new boolean[] {false, true, true});
        event(6, 2600, t, new boolean[] {false, false, true});
        assertEquals("56", digits.toString());
    }

    @Test
    void reportsAnEventWhoseEndPacketsWereAllLost() {
        long t = event(7, 1000, 0, new boolean[] {false, false, false});
        assertEquals("", digits.toString());
        // the next event's first packet proves the previous one ended
        t = event(8, 2600, t, new boolean[] {false, false, false});
        assertEquals("7", digits.toString());
        // and silence after the last one ends it on the housekeeping tick
        receiver.tick(t + Rfc4733Receiver.LOST_END_NANOS / 2);
        assertEquals("7", digits.toString());
        receiver.tick(t + Rfc4733Receiver.LOST_END_NANOS + MS);
        assertEquals("78", digits.toString());
        receiver.tick(t + 10 * Rfc4733Receiver.LOST_END_NANOS);
        assertEquals("78", digits.toString());
    }

    @Test
    void ignoresShortPayloadsAndNonDtmfEvents() {
        ByteBuf p = Unpooled.buffer();
        try {
            RtpHeader.write(p, false, 101, 1, 1, 42);
            p.writeShort(0x0580);
            receiver.onEventPacket(p, 0);
        } finally {
            p.release();
        }
        packet(16, true, 5000, 800, 0); // flash: an event, but not a digit
        assertEquals("", digits.toString());
        assertEquals(1, receiver.malformed());
    }
}

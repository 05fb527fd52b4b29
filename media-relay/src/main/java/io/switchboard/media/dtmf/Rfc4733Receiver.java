package io.switchboard.media.dtmf;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.codec.TelephoneEvent;
import io.switchboard.media.pipeline.RtpObserver;

/**
 * Turns RFC 4733 telephone-event packets into digits, each reported exactly once.
 *
 * <p>All packets of one event carry the event's start timestamp (RFC 4733 section 2.5.1.2) and the end
 * packet is sent three times (section 2.5.1.4), so the digit is reported on the first end packet seen for
 * a timestamp and the repeats are ignored. When every end packet is lost, the digit is still reported once:
 * when a packet with a new timestamp starts the next event, or when no packet of the event arrived for
 * {@link #LOST_END_NANOS} (section 2.5.2.2 asks receivers to end an event whose end they did not see).
 */
public final class Rfc4733Receiver implements RtpObserver {
    static final long LOST_END_NANOS = 250_000_000L;

    private final DigitSink sink;
    private long currentTimestamp = -1;
    private int currentEvent;
    private boolean reported;
    private long lastPacketNanos;
    private boolean sawEvents;
    private long duplicatesIgnored;
    private long malformed;

    public Rfc4733Receiver(DigitSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean eventsOnly() {
        return true;
    }

    @Override
    public void onRtp(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
        if (event) {
            onEventPacket(packet, arrivalNanos);
        }
    }

    /** Handles one telephone-event packet (visible for tests that drive it without sockets). */
    public void onEventPacket(ByteBuf packet, long arrivalNanos) {
        if (RtpHeader.payloadLength(packet) < TelephoneEvent.SIZE) {
            malformed++;
            return;
        }
        int offset = packet.readerIndex() + RtpHeader.payloadOffset(packet);
        int code = TelephoneEvent.event(packet, offset);
        boolean end = TelephoneEvent.end(packet, offset);
        long timestamp = RtpHeader.timestamp(packet);
        sawEvents = true;
        if (timestamp != currentTimestamp) {
            flushUnended();
            currentTimestamp = timestamp;
            currentEvent = code;
            reported = false;
        } else if (reported) {
            duplicatesIgnored++;
        }
        lastPacketNanos = arrivalNanos;
        if (end && !reported) {
            reported = true;
            report(code);
        }
    }

    @Override
    public void onTick(long nowNanos) {
        tick(nowNanos);
    }

    /** Ends an event whose end packets were all lost, once it has been quiet long enough. */
    public void tick(long nowNanos) {
        if (currentTimestamp >= 0 && !reported && nowNanos - lastPacketNanos > LOST_END_NANOS) {
            flushUnended();
        }
    }

    private void flushUnended() {
        if (currentTimestamp >= 0 && !reported) {
            reported = true;
            report(currentEvent);
        }
    }

    private void report(int code) {
        char digit = TelephoneEvent.digit(code);
        if (digit != 0) {
            sink.onDigit(digit, DtmfSource.RFC4733);
        }
    }

    /** True once any telephone-event packet arrived (in-band detection then defers to RFC 4733). */
    public boolean sawEvents() {
        return sawEvents;
    }

    public long duplicatesIgnored() {
        return duplicatesIgnored;
    }

    public long malformed() {
        return malformed;
    }
}

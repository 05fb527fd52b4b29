package io.switchboard.media.codec;

import io.netty.buffer.ByteBuf;

/** Accessors for the RFC 4733 section 2.3 telephone-event payload (event, E bit, volume, duration). */
public final class TelephoneEvent {
    /** Payload size of one event block. */
    public static final int SIZE = 4;
    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvent() {
    }

    public static int event(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset);
    }

    public static boolean end(ByteBuf buf, int offset) {
        return (buf.getUnsignedByte(offset + 1) & 0x80) != 0;
    }

    public static int volume(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + 1) & 0x3F;
    }

    public static int duration(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + 2);
    }

    /** Writes one event block (RFC 4733 section 2.3) at the writer index. */
    public static void write(ByteBuf buf, int event, boolean end, int volume, int duration) {
        buf.writeByte(event);
        buf.writeByte((end ? 0x80 : 0) | (volume & 0x3F));
        buf.writeShort(duration);
    }

    /** The DTMF character for events 0-15 (RFC 4733 section 3.2 table 7), or 0 for other events. */
    public static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** The event code for a DTMF character, or -1 when the character is not a DTMF digit. */
    public static int eventOf(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }
}

package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Writes the payload type this leg negotiated: its number for the G.711 law, and for RFC 4733 events its
 * telephone-event number, which each session picks for itself (RFC 4733 section 2.1), so a bridge cannot
 * pass the other leg's on. Events to a peer that did not negotiate RFC 4733 are dropped.
 */
public final class PayloadMapper extends PathNode {
    private static final Kind KIND = Kind.of("send/payload-map", "no-telephone-event");

    private int codecPayloadType;
    private int eventPayloadType = -1;
    private long noTelephoneEvent;

    PayloadMapper() {
        super(KIND);
    }

    /** @param eventPayloadType -1 when the peer did not negotiate RFC 4733 */
    void negotiated(int codecPayloadType, int eventPayloadType) {
        this.codecPayloadType = codecPayloadType;
        this.eventPayloadType = eventPayloadType;
    }

    /** Rewrites the payload type in place; false when the packet cannot be sent. */
    public boolean map(ByteBuf packet, boolean event) {
        arrived();
        if (!event) {
            RtpHeader.setPayloadType(packet, codecPayloadType);
            return true;
        }
        if (eventPayloadType < 0) {
            noTelephoneEvent++;
            return false;
        }
        RtpHeader.setPayloadType(packet, eventPayloadType);
        return true;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? noTelephoneEvent : super.dropped(index);
    }
}

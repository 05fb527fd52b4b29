package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Writes the payload type this leg negotiated: its number for the G.711 law, and for RFC 4733 events its
 * telephone-event number, which each session picks for itself (RFC 4733 section 2.1), so a bridge cannot
 * pass the other leg's on. Events to a peer that did not negotiate RFC 4733 are dropped.
 *
 * <p>The numbers are the send path's to keep (every packet reads them, see {@link PathNode}); the node is
 * read only for a packet it drops.
 */
public final class PayloadMapper extends PathNode {
    private static final Kind KIND = Kind.of("send/payload-map", "no-telephone-event");

    private long noTelephoneEvent;

    PayloadMapper() {
        super(KIND);
    }

    /**
     * Rewrites the payload type in place; false when the packet cannot be sent.
     *
     * @param eventPayloadType -1 when the peer did not negotiate RFC 4733
     */
    static boolean map(ByteBuf packet, boolean event, int codecPayloadType, int eventPayloadType) {
        if (!event) {
            RtpHeader.setPayloadType(packet, codecPayloadType);
            return true;
        }
        if (eventPayloadType < 0) {
            return false;
        }
        RtpHeader.setPayloadType(packet, eventPayloadType);
        return true;
    }

    /** Counts an event {@link #map} could not map. */
    void drop() {
        noTelephoneEvent++;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? noTelephoneEvent : super.dropped(index);
    }
}

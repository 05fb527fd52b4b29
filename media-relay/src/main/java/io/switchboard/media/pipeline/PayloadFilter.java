package io.switchboard.media.pipeline;

/**
 * Lets through the two payload types negotiated for the leg: its G.711 law and its RFC 4733 telephone-event
 * type; anything else the peer sends (comfort noise, 13, when it was not negotiated; a codec it should not
 * use) is dropped, since nothing behind could decode it.
 */
public final class PayloadFilter extends PathNode {
    /** {@link #classify} results. */
    public static final int DROPPED = -1;
    public static final int AUDIO = 0;
    public static final int EVENT = 1;
    private static final Kind KIND = Kind.of("receive/payload", "not-negotiated");

    private long notNegotiated;
    private int codecPayloadType = -1;
    private int eventPayloadType = -1;

    public PayloadFilter() {
        super(KIND);
    }

    /** @param eventPayloadType -1 when the peer did not negotiate RFC 4733 */
    void negotiated(int codecPayloadType, int eventPayloadType) {
        this.codecPayloadType = codecPayloadType;
        this.eventPayloadType = eventPayloadType;
    }

    /** {@link #AUDIO}, {@link #EVENT} or {@link #DROPPED} for a packet of {@code payloadType} (0-127). */
    public int classify(int payloadType) {
        arrived();
        if (payloadType == eventPayloadType) {
            return EVENT;
        }
        if (payloadType == codecPayloadType) {
            return AUDIO;
        }
        notNegotiated++;
        return DROPPED;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? notNegotiated : super.dropped(index);
    }
}

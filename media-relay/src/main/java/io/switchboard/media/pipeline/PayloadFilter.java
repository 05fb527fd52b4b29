package io.switchboard.media.pipeline;

/**
 * Lets through the two payload types negotiated for the leg: its G.711 law and its RFC 4733 telephone-event
 * type; anything else the peer sends (comfort noise, 13, when it was not negotiated; a codec it should not
 * use) is dropped, since nothing behind could decode it.
 *
 * <p>The negotiated numbers are the path's to keep (every packet reads them, see {@link PathNode}); the
 * node is read only for a packet it drops.
 */
public final class PayloadFilter extends PathNode {
    /** {@link #classify} results. */
    public static final int DROPPED = -1;
    public static final int AUDIO = 0;
    public static final int EVENT = 1;
    private static final Kind KIND = Kind.of("receive/payload", "not-negotiated");

    private long notNegotiated;

    public PayloadFilter() {
        super(KIND);
    }

    /**
     * {@link #AUDIO}, {@link #EVENT} or {@link #DROPPED} for a packet of {@code payloadType} (0-127).
     *
     * @param eventPayloadType -1 when the peer did not negotiate RFC 4733
     */
    static int classify(int payloadType, int codecPayloadType, int eventPayloadType) {
        if (payloadType == eventPayloadType) {
            return EVENT;
        }
        return payloadType == codecPayloadType ? AUDIO : DROPPED;
    }

    /** Counts a packet {@link #classify} dropped. */
    void drop() {
        notNegotiated++;
    }

    @Override
    public long dropped(int index) {
        return index == 0 ? notNegotiated : super.dropped(index);
    }
}

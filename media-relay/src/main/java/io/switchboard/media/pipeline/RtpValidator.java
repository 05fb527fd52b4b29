package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Lets through structurally valid RTP (RFC 3550 appendix A.1: version 2, CSRC list, extension and padding
 * within the datagram) while the stream is open and has a remote description; before the description, the
 * latch behind has nothing to compare a source with.
 *
 * <p>Whether the stream is open is the path's to keep (every packet reads it, see {@link PathNode}); the
 * node is read only for a packet it drops.
 */
public final class RtpValidator extends PathNode {
    private static final Kind KIND = Kind.of("receive/validate", "not-ready", "malformed");

    private long notReady;
    private long malformed;

    public RtpValidator() {
        super(KIND);
    }

    /** True when the packet goes on: the stream is {@code ready} and the header holds together. */
    static boolean passes(boolean ready, ByteBuf packet) {
        return ready && RtpHeader.isValid(packet);
    }

    /** Counts a packet that did not {@link #passes pass}, under its reason. */
    void drop(boolean ready) {
        if (!ready) {
            notReady++;
        } else {
            malformed++;
        }
    }

    @Override
    public long dropped(int index) {
        return switch (index) {
            case 0 -> notReady;
            case 1 -> malformed;
            default -> super.dropped(index);
        };
    }
}

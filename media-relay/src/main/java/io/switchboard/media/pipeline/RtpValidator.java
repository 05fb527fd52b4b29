package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Lets through structurally valid RTP (RFC 3550 appendix A.1: version 2, CSRC list, extension and padding
 * within the datagram) while the stream is open and has a remote description; before the description, the
 * latch behind has nothing to compare a source with.
 */
public final class RtpValidator extends PathNode {
    private static final Kind KIND = Kind.of("receive/validate", "not-ready", "malformed");

    private long notReady;
    private long malformed;
    private boolean ready;

    public RtpValidator() {
        super(KIND);
    }

    /** True once the remote description is known, false again when the endpoint closes. */
    void ready(boolean on) {
        ready = on;
    }

    /** True when the packet goes on. */
    public boolean admit(ByteBuf packet) {
        arrived();
        if (!ready) {
            notReady++;
            return false;
        }
        if (!RtpHeader.isValid(packet)) {
            malformed++;
            return false;
        }
        return true;
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

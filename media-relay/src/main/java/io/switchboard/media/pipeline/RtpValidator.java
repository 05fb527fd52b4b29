package io.switchboard.media.pipeline;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.codec.RtpHeader;

/**
 * Lets through structurally valid RTP (RFC 3550 appendix A.1: version 2, CSRC list, extension and padding
 * within the datagram) while the stream is open and has a remote description; before the description, the
 * latch behind has nothing to compare a source with.
 */
public final class RtpValidator extends PathNode {
    static final int NOT_READY = 0;
    static final int MALFORMED = 1;
    /** Drop reasons, indexed by the constants above. */
    private static final String[] REASONS = {"not-ready", "malformed"};

    private boolean ready;

    public RtpValidator() {
        super("receive/validate", REASONS);
    }

    /** True once the remote description is known, false again when the endpoint closes. */
    void ready(boolean on) {
        ready = on;
    }

    /** True when the packet goes on. */
    public boolean admit(ByteBuf packet) {
        arrived();
        if (!ready) {
            return drop(NOT_READY);
        }
        if (!RtpHeader.isValid(packet)) {
            return drop(MALFORMED);
        }
        return true;
    }
}

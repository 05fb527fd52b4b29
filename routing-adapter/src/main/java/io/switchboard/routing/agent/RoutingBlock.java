package io.switchboard.routing.agent;

import java.util.Objects;

/**
 * Why an agent whose status is Available is not offered contacts: their softphone has no media path yet, or it
 * stopped answering. {@code detail} is a sentence the agent can act on; the CCP shows it.
 */
public record RoutingBlock(Reason reason, String detail) {

    /** The rule that keeps the agent from being routed. */
    public enum Reason {
        /** The agent's panel is connected but has not set up its media (no WebRTC offer answered yet). */
        NO_SOFTPHONE_MEDIA,
        /** The panel stopped answering pings, or the media path lost ICE consent or failed DTLS. */
        SOFTPHONE_UNREACHABLE
    }

    public RoutingBlock {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}

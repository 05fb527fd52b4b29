package io.switchboard.media.pipeline;

/**
 * Who may feed an endpoint's outgoing stream when several would: a DTMF sender beats a prompt player, which
 * beats relayed or mixed audio. Lower-priority packets are dropped while a higher source is active.
 */
public final class SourcePriority {
    public static final int RELAY = 0;
    public static final int PLAYER = 1;
    public static final int DTMF = 2;

    private SourcePriority() {
    }
}

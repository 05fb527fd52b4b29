package io.switchboard.media.api;

/**
 * Packets every endpoint of the relay refused for their source so far ({@link MediaRelay#sourceDrops()}).
 *
 * @param foreignSource RTP from a source other than the latched one, or one that had not passed learning
 *     (node {@code receive/latch})
 * @param foreignHost RTCP from a host other than the peer's (node {@code receive/rtcp})
 */
public record SourceDrops(long foreignSource, long foreignHost) {
    public static final SourceDrops NONE = new SourceDrops(0, 0);
}

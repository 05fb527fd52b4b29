package io.switchboard.media.pipeline;

/**
 * The last send node: what leaves (the endpoint's packets and bytes out) goes to the transport. The send
 * path counts the packets and bytes and holds the transport (every packet writes and reads them, see
 * {@link PathNode}); the node names the step in the path's counters and drops nothing.
 */
public final class WireOutput extends PathNode {
    private static final Kind KIND = Kind.of("send/wire");

    WireOutput() {
        super(KIND);
    }
}

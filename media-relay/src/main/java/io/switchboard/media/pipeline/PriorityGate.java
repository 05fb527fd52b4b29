package io.switchboard.media.pipeline;

import java.net.InetSocketAddress;

/**
 * The first send node: decides whether a source may send to the peer now. Nothing goes before the remote
 * description, without a destination (a hold address, one that did not resolve and no latched source yet),
 * when our direction does not send (we answered recvonly or inactive), or while a source of higher
 * {@link SourcePriority} holds a claim: a DTMF sender mutes a prompt, which mutes the bridged party.
 *
 * <p>The gate sums that up in {@link #lowestAdmitted()}, which the send path keeps and compares each
 * packet's priority with (see {@link PathNode}); the gate is read again when a packet is dropped, to count
 * it under its reason, and when a source claims or gives up its place.
 */
public final class PriorityGate extends PathNode {
    private static final Kind KIND = Kind.of("send/priority", "not-ready", "no-destination", "not-sending", "muted");
    /** {@link #lowestAdmitted()} when nothing may send at all. */
    static final int NONE_ADMITTED = Integer.MAX_VALUE;

    /** Active sources by priority, as fields rather than an array beside the gate (see {@link PathNode}). */
    private int playerClaims;
    private int dtmfClaims;
    private boolean ready;
    private boolean sends;
    private long notReady;
    private long noDestination;
    private long notSending;
    private long muted;

    PriorityGate() {
        super(KIND);
    }

    void configure(boolean ready, boolean sends) {
        this.ready = ready;
        this.sends = sends;
    }

    /**
     * The lowest priority that may send now when there is a destination ({@link #NONE_ADMITTED}: none): a
     * packet of priority p passes {@link #admit} exactly when p is at least this and the destination is set.
     */
    int lowestAdmitted() {
        if (!ready || !sends) {
            return NONE_ADMITTED;
        }
        if (dtmfClaims > 0) {
            return SourcePriority.DTMF;
        }
        return playerClaims > 0 ? SourcePriority.PLAYER : Integer.MIN_VALUE;
    }

    /** True when a packet of {@code priority} may go to {@code destination}; a refused one is counted. */
    public boolean admit(int priority, InetSocketAddress destination) {
        if (!ready) {
            notReady++;
            return false;
        }
        if (destination == null) {
            noDestination++;
            return false;
        }
        if (!sends) {
            notSending++;
            return false;
        }
        if (muted(priority)) {
            muted++;
            return false;
        }
        return true;
    }

    @Override
    public long dropped(int index) {
        return switch (index) {
            case 0 -> notReady;
            case 1 -> noDestination;
            case 2 -> notSending;
            case 3 -> muted;
            default -> super.dropped(index);
        };
    }

    /** A source of {@code priority} starts feeding the endpoint; lower priorities are muted meanwhile. */
    void claim(int priority) {
        if (priority == SourcePriority.PLAYER) {
            playerClaims++;
        } else if (priority == SourcePriority.DTMF) {
            dtmfClaims++;
        } // relayed audio mutes nothing below it
    }

    /** The source of {@code priority} stopped. */
    void unclaim(int priority) {
        if (priority == SourcePriority.PLAYER && playerClaims > 0) {
            playerClaims--;
        } else if (priority == SourcePriority.DTMF && dtmfClaims > 0) {
            dtmfClaims--;
        }
    }

    /** True when a source above {@code priority} is active. */
    boolean muted(int priority) {
        return (dtmfClaims > 0 && priority < SourcePriority.DTMF)
                || (playerClaims > 0 && priority < SourcePriority.PLAYER);
    }
}

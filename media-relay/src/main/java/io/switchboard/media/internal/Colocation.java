package io.switchboard.media.internal;

import io.netty.channel.EventLoop;
import io.switchboard.media.endpoint.EndpointFactory;
import io.switchboard.media.endpoint.RtpEndpoint;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brings two legs onto one media loop before a bridge or a mixer joins them. An endpoint is created on the
 * loop of the key it was made for; a softphone agent's endpoint is made under the agent's key and bridged to
 * one caller after another, so it often sits on another loop than the caller's.
 *
 * <p>Why the endpoint moves rather than packets crossing loops: a moved endpoint leaves one owner per bridge,
 * so the bridge, the recorder, the mixer and everything attached to the endpoint stay loop-confined and the
 * relay path (no copy, no allocation, no hand-off) is the same-loop one. Handing each packet to the other
 * loop would allocate a task per packet, add a queue hop to every cross-loop packet, and give a bridge and a
 * recording two owners. A move costs a few milliseconds of dropped packets once per bridge; an agent's
 * endpoint is in one bridge at a time, so it simply follows its caller. Recordings are not moved: an
 * endpoint recorded on its loop stays there and the other leg comes to it.
 */
final class Colocation {
    private final LegRegistry legs;
    private final EndpointFactory factory;
    private final Recordings recordings;
    private final Consumer<RtpEndpoint> leaveMixers;
    /** For the metrics only: read by the scrape thread, counted on the loops. */
    private final AtomicLong moves = new AtomicLong();

    /** @param leaveMixers takes an endpoint out of the mixers of its loop; on that loop */
    Colocation(LegRegistry legs, EndpointFactory factory, Recordings recordings, Consumer<RtpEndpoint> leaveMixers) {
        this.legs = legs;
        this.factory = factory;
        this.recordings = recordings;
        this.leaveMixers = leaveMixers;
    }

    /**
     * Completes once {@code joiner} is on {@code anchor}'s loop: the joiner moves there, unless a recording
     * holds it to its own loop, in which case the anchor moves to the joiner's. Fails when both are held.
     */
    CompletableFuture<Void> colocate(Leg anchor, Leg joiner) {
        if (anchor.endpoint.loop() == joiner.endpoint.loop()) {
            return CompletableFuture.completedFuture(null);
        }
        return legs.onLeg(joiner.id, l -> recordings.records(l.endpoint)).thenCompose(held -> held
                ? moveTo(anchor, joiner.endpoint.loop())
                : moveTo(joiner, anchor.endpoint.loop()));
    }

    /**
     * Moves {@code leg}'s endpoint onto {@code target}. On its old loop first: its bridge ends (the peer is on
     * that loop too) and it leaves that loop's mixers, since neither may span two loops.
     */
    CompletableFuture<Void> moveTo(Leg leg, EventLoop target) {
        return legs.onLeg(leg.id, l -> {
            if (l.endpoint.loop() == target) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (recordings.records(l.endpoint)) {
                throw new IllegalStateException("endpoint " + l.id + " is recorded on its own loop and cannot move");
            }
            l.unbridge();
            leaveMixers.accept(l.endpoint);
            return factory.move(l.endpoint, target).thenRun(moves::incrementAndGet);
        }).thenCompose(moved -> moved);
    }

    /** Endpoints moved so far. */
    long moves() {
        return moves.get();
    }
}

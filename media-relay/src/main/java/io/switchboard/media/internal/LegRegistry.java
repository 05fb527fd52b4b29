package io.switchboard.media.internal;

import io.netty.channel.EventLoop;
import io.switchboard.media.api.EndpointId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live legs by endpoint id, and the hand-over of work to a leg's loop. The map is the only state shared
 * between threads; everything a leg holds is touched on its loop only.
 */
final class LegRegistry {
    /** A leg is added once its endpoint is bound and removed before it is torn down. */
    private final Map<EndpointId, Leg> legs = new ConcurrentHashMap<>();

    Leg get(EndpointId id) {
        return legs.get(id);
    }

    void add(Leg leg) {
        legs.put(leg.id, leg);
    }

    Leg remove(EndpointId id) {
        return legs.remove(id);
    }

    int size() {
        return legs.size();
    }

    List<EndpointId> ids() {
        return List.copyOf(legs.keySet());
    }

    /** Runs {@code work} on the leg's loop and completes with its result (or its exception). */
    <T> CompletableFuture<T> onLeg(EndpointId id, Function<Leg, T> work) {
        Leg leg = legs.get(id);
        if (leg == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint " + id));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        // the endpoint's execute follows it should it move to another loop before the work runs
        leg.endpoint.execute(() -> {
            try {
                if (leg.endpoint.isClosed()) {
                    throw new IllegalArgumentException("endpoint " + id + " was destroyed");
                }
                result.complete(work.apply(leg));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code work} on {@code loop} and completes with its result (or its exception). */
    static <T> CompletableFuture<T> onLoop(EventLoop loop, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}

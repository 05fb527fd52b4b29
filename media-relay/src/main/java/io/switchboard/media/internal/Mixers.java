package io.switchboard.media.internal;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MixerId;
import io.switchboard.media.api.MixerRole;
import io.switchboard.media.endpoint.MediaLoops;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.media.mixer.AudioMixer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The relay's mixers: each pinned to its call's loop, where its members come ({@link Colocation}); an endpoint
 * is in at most one mixer or bridge.
 */
final class Mixers {
    private final LegRegistry legs;
    private final MediaLoops loops;
    private final Colocation colocation;
    private final Map<MixerId, AudioMixer> mixers = new ConcurrentHashMap<>();

    Mixers(LegRegistry legs, MediaLoops loops, Colocation colocation) {
        this.legs = legs;
        this.loops = loops;
        this.colocation = colocation;
    }

    CompletableFuture<MixerId> create(String callId) {
        MixerId id = MixerId.random();
        mixers.put(id, new AudioMixer(id.value(), loops.loopFor(callId)));
        return CompletableFuture.completedFuture(id);
    }

    CompletableFuture<Void> join(MixerId mixer, EndpointId endpoint, MixerRole role) {
        AudioMixer m = mixers.get(mixer);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown mixer " + mixer));
        }
        Leg joining = legs.get(endpoint);
        if (joining == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint " + endpoint));
        }
        // an endpoint of another loop (an agent's softphone) comes to the mixer's
        return colocation.moveTo(joining, m.loop()).thenCompose(moved -> legs.onLeg(endpoint, leg -> {
            if (leg.endpoint.loop() != m.loop()) {
                throw new IllegalStateException("endpoint " + endpoint + " moved away from the mixer's loop meanwhile");
            }
            leg.unbridge();
            for (AudioMixer other : mixers.values()) {
                if (other != m && other.loop() == m.loop()) {
                    other.leave(leg.endpoint);
                }
            }
            m.join(leg.endpoint, role);
            return null;
        }));
    }

    CompletableFuture<Void> leave(MixerId mixer, EndpointId endpoint) {
        AudioMixer m = mixers.get(mixer);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown mixer " + mixer));
        }
        return legs.onLeg(endpoint, leg -> {
            m.leave(leg.endpoint);
            return null;
        });
    }

    CompletableFuture<Void> destroy(MixerId mixer) {
        AudioMixer m = mixers.remove(mixer);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown mixer " + mixer));
        }
        return LegRegistry.onLoop(m.loop(), () -> {
            m.close();
            return null;
        });
    }

    /** Takes {@code endpoint} out of every mixer of its call; on its loop (a bridge or teardown follows). */
    void leaveAll(RtpEndpoint endpoint) {
        for (AudioMixer m : mixers.values()) {
            if (m.loop() == endpoint.loop()) {
                m.leave(endpoint);
            }
        }
    }

    void closeAll() {
        for (MixerId id : List.copyOf(mixers.keySet())) {
            destroy(id).completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }
    }
}

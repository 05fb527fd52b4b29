package io.switchboard.media.internal;

import io.switchboard.media.api.AudioFrameConsumer;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.LivePlayback;
import io.switchboard.media.fork.ForkTap;
import io.switchboard.media.player.StreamedPlayback;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's side of live media: forks of what an endpoint sends, and live playback into an endpoint.
 * The work runs on the endpoint's loop, as every leg's does.
 */
final class LiveMedia {
    private final LegRegistry legs;
    private final Executor forkThread;
    private final AtomicLong playedFrames = new AtomicLong();

    LiveMedia(LegRegistry legs, Executor forkThread) {
        this.legs = legs;
        this.forkThread = forkThread;
    }

    /** The frames every live playback has sent so far. */
    AtomicLong playedFrames() {
        return playedFrames;
    }

    CompletableFuture<String> forkSent(EndpointId endpoint, AudioFrameConsumer consumer) {
        String forkId = UUID.randomUUID().toString();
        return legs.onLeg(endpoint, leg -> {
            ForkTap tap = new ForkTap(endpoint, consumer, forkThread);
            leg.sentForks.put(forkId, tap);
            leg.endpoint.addSentFork(tap);
            return forkId;
        });
    }

    /** Removes a sent-audio fork; false when {@code forkId} is not one (it may be a received-audio fork). */
    static boolean unforkSent(Leg leg, String forkId) {
        ForkTap tap = leg.sentForks.remove(forkId);
        if (tap == null) {
            return false;
        }
        leg.endpoint.removeSentFork(tap);
        return true;
    }

    CompletableFuture<LivePlayback> playLive(EndpointId endpoint, LivePlayback.Listener listener) {
        return legs.onLeg(endpoint, leg -> {
            StreamedPlayback playback = new StreamedPlayback(leg.endpoint, listener, playedFrames);
            leg.livePlaybacks.add(playback);
            playback.start();
            return playback;
        });
    }
}

package io.switchboard.media.internal;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.recorder.StereoRecorder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The relay's recordings: naming, start, agent changes, pause/resume, stop, and stop at teardown. */
final class Recordings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final LegRegistry legs;
    private final Path root;
    private final ExecutorService disk;
    private final MediaEventListener events;
    /** Recordings by id; each recorder is confined to its call's loop. */
    private final Map<RecordingId, StereoRecorder> recordings = new ConcurrentHashMap<>();

    Recordings(LegRegistry legs, Path root, ExecutorService disk, MediaEventListener events) {
        this.legs = legs;
        this.root = root;
        this.disk = disk;
        this.events = events;
    }

    /** CONTRACT.md: {@code recordings/YYYY/MM/DD/<ContactId>.wav}, dated in UTC at the start. */
    CompletableFuture<RecordingId> start(EndpointId customer, EndpointId agent, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "recording name must be 1-128 of [A-Za-z0-9._-] and not start with a dot: " + name));
        }
        Leg customerLeg = legs.get(customer);
        Leg agentLeg = agent == null ? null : legs.get(agent);
        if (customerLeg == null || (agent != null && agentLeg == null)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown endpoint " + (customerLeg == null ? customer : agent)));
        }
        if (agentLeg != null && agentLeg.endpoint.loop() != customerLeg.endpoint.loop()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "customer and agent endpoints are on different media loops: bridge them first"));
        }
        RecordingId id = RecordingId.random();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        Path file = root.resolve(String.format("%04d/%02d/%02d/%s.wav", day.getYear(), day.getMonthValue(),
                day.getDayOfMonth(), name));
        return legs.onLeg(customer, leg -> {
            StereoRecorder recorder = new StereoRecorder(id.value(), leg.endpoint.loop(), disk, file,
                    (path, duration) -> {
                        recordings.remove(id);
                        events.onRecordingClosed(id, path, duration);
                    });
            recordings.put(id, recorder);
            recorder.start(leg.endpoint, agentLeg == null ? null : agentLeg.endpoint);
            return id;
        });
    }

    CompletableFuture<Void> setAgent(RecordingId recording, EndpointId agent) {
        Leg agentLeg = agent == null ? null : legs.get(agent);
        if (agent != null && agentLeg == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown endpoint " + agent));
        }
        return on(recording, r -> {
            if (agentLeg != null && agentLeg.endpoint.loop() != r.loop()) {
                throw new IllegalArgumentException("agent endpoint " + agent + " is not in the recorded call");
            }
            r.setAgent(agentLeg == null ? null : agentLeg.endpoint);
        });
    }

    CompletableFuture<Void> pause(RecordingId recording) {
        return on(recording, StereoRecorder::pause);
    }

    CompletableFuture<Void> resume(RecordingId recording) {
        return on(recording, StereoRecorder::resume);
    }

    CompletableFuture<Void> stop(RecordingId recording) {
        return on(recording, StereoRecorder::stop);
    }

    /** True when a running recording on {@code endpoint}'s loop records it; on that loop. */
    boolean records(io.switchboard.media.endpoint.RtpEndpoint endpoint) {
        for (StereoRecorder r : recordings.values()) {
            if (r.loop() == endpoint.loop() && !r.isStopped()
                    && (r.customer() == endpoint || r.agent() == endpoint)) {
                return true;
            }
        }
        return false;
    }

    /** On the leg's loop, as it is destroyed: the customer leaving ends the recording; an agent leaving mutes it. */
    void endpointDestroyed(Leg leg) {
        for (StereoRecorder r : recordings.values()) {
            if (r.customer() == leg.endpoint) {
                r.stop();
            } else if (r.agent() == leg.endpoint) {
                r.setAgent(null);
            }
        }
    }

    /** Stops every recording and waits for the disk writes to finish. */
    void closeAll() {
        List<CompletableFuture<Void>> closing = new java.util.ArrayList<>();
        for (StereoRecorder r : List.copyOf(recordings.values())) {
            LegRegistry.onLoop(r.loop(), () -> {
                r.stop();
                return null;
            }).completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
            closing.add(r.closed());
        }
        // queued writes schedule their successors on the disk executor, so it may only stop afterwards
        CompletableFuture.allOf(closing.toArray(new CompletableFuture[0]))
                .completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        disk.shutdown();
        try {
            disk.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Void> on(RecordingId id, Consumer<StereoRecorder> work) {
        StereoRecorder recorder = recordings.get(id);
        if (recorder == null || recorder.isStopped()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown or stopped recording " + id));
        }
        return LegRegistry.onLoop(recorder.loop(), () -> {
            if (recorder.isStopped()) {
                throw new IllegalArgumentException("recording " + id + " was stopped");
            }
            work.accept(recorder);
            return null;
        });
    }
}

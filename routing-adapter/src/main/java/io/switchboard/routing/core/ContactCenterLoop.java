package io.switchboard.routing.core;

import io.switchboard.routing.flow.engine.EngineScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The contact center's one serial executor and clock: every routing decision (calls, contacts, queues, flow
 * steps) runs here, one task at a time, so the state it owns needs no locks and a test that drives a
 * {@link VirtualLoop} replays it deterministically. Other threads hand work over with {@link #execute}; a
 * future that completes elsewhere (a relay answer on a media loop) is brought here with {@link #adopt}.
 * The flow engine runs on it too: it is the engine's {@link EngineScheduler}.
 */
public interface ContactCenterLoop extends EngineScheduler {

    /** True on the loop's own thread, while it runs a task. */
    boolean inLoop();

    /**
     * A future that completes on this loop with {@code stage}'s outcome, so that every callback chained on
     * it (without an executor) runs here, after the tasks already submitted.
     */
    default <T> CompletableFuture<T> adopt(CompletionStage<T> stage) {
        CompletableFuture<T> here = new CompletableFuture<>();
        stage.whenComplete((value, error) -> execute(() -> {
            if (error != null) {
                here.completeExceptionally(error);
            } else {
                here.complete(value);
            }
        }));
        return here;
    }

    /** Runs {@code task} here and completes with its result; for callers outside the loop that need an answer. */
    default <T> CompletableFuture<T> ask(java.util.function.Supplier<T> task) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        execute(() -> {
            try {
                answer.complete(task.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}

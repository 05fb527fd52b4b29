package io.switchboard.routing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's contract: work handed over or adopted runs on the loop, in order, and timers on its clock. */
class ContactCenterLoopTest {

    private static final Instant T0 = Instant.parse("2024-07-10T15:00:00Z");

    @Test
    void aFutureCompletedElsewhereIsAdoptedOntoTheLoopThread() throws Exception {
        try (SingleThreadLoop loop = new SingleThreadLoop("loop-test")) {
            CompletableFuture<String> elsewhere = new CompletableFuture<>();
            CompletableFuture<Boolean> ranOnLoop = loop.adopt(elsewhere).thenApply(v -> loop.inLoop());
            Thread other = new Thread(() -> elsewhere.complete("answer"), "media-loop-stand-in");
            other.start();
            other.join();
            assertTrue(ranOnLoop.get(5, TimeUnit.SECONDS), "the callback ran on the loop, not the completing thread");
            assertFalse(loop.inLoop(), "the test thread is not the loop");
        }
    }

    @Test
    void anAdoptedFailureStaysAFailure() throws Exception {
        VirtualLoop loop = new VirtualLoop(T0);
        CompletableFuture<String> adopted = loop.adopt(CompletableFuture.failedFuture(new IllegalStateException("no")));
        assertFalse(adopted.isDone(), "nothing happens until the loop runs");
        loop.runPending();
        assertTrue(adopted.isCompletedExceptionally());
    }

    @Test
    void virtualTimersFireInTimeOrderEachAtItsInstantOnTheDrivingThread() {
        VirtualLoop loop = new VirtualLoop(T0);
        List<String> fired = new ArrayList<>();
        loop.schedule(Duration.ofSeconds(2), () -> fired.add("2s at " + loop.now() + " " + loop.inLoop()));
        loop.schedule(Duration.ofSeconds(1), () -> fired.add("1s at " + loop.now() + " " + loop.inLoop()));
        var cancelled = loop.schedule(Duration.ofMillis(1500), () -> fired.add("cancelled"));
        cancelled.cancel();
        loop.advance(Duration.ofMillis(999));
        assertEquals(List.of(), fired, "nothing is due before its time");
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of("1s at " + T0.plusSeconds(1) + " true", "2s at " + T0.plusSeconds(2) + " true"), fired);
        assertEquals(T0.plusMillis(5999), loop.now());
    }

    @Test
    void askAnswersFromTheLoop() throws Exception {
        VirtualLoop loop = new VirtualLoop(T0);
        CompletableFuture<Boolean> answer = loop.ask(loop::inLoop);
        loop.runPending();
        assertTrue(answer.get(0, TimeUnit.SECONDS));
    }
}

package io.switchboard.media.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.switchboard.media.api.CollectOutcome;
import io.switchboard.media.api.DigitCollection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigitCollectorTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private CompletableFuture<String> run(DigitCollection request, String typeAhead, String digits, long delayMs)
            throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        DigitCollector[] c = new DigitCollector[1];
        loop.submit(() -> {
            c[0] = new DigitCollector(request, (task, nanos) -> {
                var timer = loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
                return () -> timer.cancel(false);
            }, (d, o) -> result.complete(d + "/" + o));
            c[0].start(typeAhead);
        }).sync();
        for (char d : digits.toCharArray()) {
            loop.schedule(() -> c[0].onDigit(d), delayMs, TimeUnit.MILLISECONDS).sync();
        }
        return result;
    }

    private static DigitCollection req(int max, String term, int firstMs, int interMs) {
        return new DigitCollection(max, term, Duration.ofMillis(firstMs), Duration.ofMillis(interMs), false);
    }

    @Test
    void endsAtMaxDigits() throws Exception {
        assertEquals("123/" + CollectOutcome.MAX_DIGITS, run(req(3, "#", 2000, 2000), "", "1234", 5).get(2, TimeUnit.SECONDS));
    }

    @Test
    void endsAtTerminatorWhichIsNotPartOfTheDigits() throws Exception {
        assertEquals("42/" + CollectOutcome.TERMINATOR, run(req(10, "#*", 2000, 2000), "", "42#7", 5).get(2, TimeUnit.SECONDS));
    }

    @Test
    void firstDigitTimeout() throws Exception {
        long t0 = System.nanoTime();
        assertEquals("/" + CollectOutcome.NO_INPUT, run(req(4, "#", 150, 2000), "", "", 0).get(2, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 140 && ms < 1000, "took " + ms + " ms");
    }

    @Test
    void interDigitTimeoutAfterTheLastDigit() throws Exception {
        assertEquals("98/" + CollectOutcome.INTER_DIGIT_TIMEOUT,
                run(req(4, "#", 2000, 150), "", "98", 20).get(2, TimeUnit.SECONDS));
    }

    @Test
    void typeAheadCounts() throws Exception {
        assertEquals("55/" + CollectOutcome.TERMINATOR, run(req(4, "#", 2000, 2000), "55#", "", 0).get(2, TimeUnit.SECONDS));
    }
}

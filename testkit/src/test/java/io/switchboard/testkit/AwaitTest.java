package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void awaitReturnsTheFirstValueAndFailsNamingTheConditionAtTheDeadline() {
        AtomicInteger polls = new AtomicInteger();
        assertEquals("third", Await.value("a third poll", Duration.ofSeconds(5),
                () -> polls.incrementAndGet() == 3 ? Optional.of("third") : Optional.empty()));
        AssertionError late = assertThrows(AssertionError.class,
                () -> Await.until("never true", Duration.ofMillis(50), () -> false));
        assertTrue(late.getMessage().contains("never true"), late.getMessage());
    }
}

package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Shows that the leak check every module's tests run under fails a test that drops a buffer, passes one
 * that releases it, and is found through auto-detection as the modules register it.
 */
class LeakDetectionExtensionTest {
    /** Set only for the nested runs below, so the sample classes never run on their own. */
    private static final String SAMPLES = "io.switchboard.testkit.leak-samples";

    @Test
    void aTestThatDropsABufferFailsNamingTheLeak() {
        Events tests = run(LeakingSample.class);
        assertEquals(1, tests.failed().count(), "the leaking test must fail: " + tests.list());
        Event failed = tests.failed().list().get(0);
        Throwable why = failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, why);
        assertTrue(why.getMessage().contains("buffer leak(s) in dropsABuffer()"), why.getMessage());
        assertTrue(why.getMessage().contains("leaked"), why.getMessage());
    }

    @Test
    void aTestThatReleasesItsBufferPasses() {
        Events tests = run(CleanSample.class);
        assertEquals(1, tests.succeeded().count(), "the clean test must pass: " + tests.list());
        assertEquals(0, tests.failed().count(), tests.list().toString());
    }

    @Test
    void collectingReportsAnUnreleasedBufferAndNotAReleasedOne() throws Exception {
        LeakDetectionExtension.collectLeaks(true);
        ByteBuf ok = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        ok.writeInt(1);
        ok.release();
        assertTrue(LeakDetectionExtension.collectLeaks(false).isEmpty());

        loseOne();
        List<String> leaks = LeakDetectionExtension.collectLeaks(false);
        assertFalse(leaks.isEmpty(), "the detector must report the dropped buffer");
        assertTrue(LeakDetectionExtension.collectLeaks(true).isEmpty(), "a leak is reported once");
    }

    private static void loseOne() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        lost.writeInt(42);
    }

    /** Runs {@code sample} in a nested engine with auto-detection on, as every module's properties file sets it. */
    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(SAMPLES, "true")
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    static boolean sampleRun(ExtensionContext context) {
        return context.getConfigurationParameter(SAMPLES).isPresent();
    }

    @EnabledIf("io.switchboard.testkit.LeakDetectionExtensionTest#sampleRun")
    static class LeakingSample {
        @Test
        void dropsABuffer() {
            ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            lost.writeLong(7);
        }
    }

    @EnabledIf("io.switchboard.testkit.LeakDetectionExtensionTest#sampleRun")
    static class CleanSample {
        @Test
        void releasesItsBuffer() {
            ByteBuf used = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            used.writeLong(7);
            used.release();
        }
    }
}

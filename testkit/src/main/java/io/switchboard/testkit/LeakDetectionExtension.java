package io.switchboard.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was garbage collected without being
 * released (the idea of Netty's own {@code LeakPresenceExtension}). Every module registers it once for all
 * its tests through JUnit's extension auto-detection ({@code src/test/resources/junit-platform.properties}
 * and {@code META-INF/services/org.junit.jupiter.api.extension.Extension}), so no test class can forget it.
 *
 * <p>It checks after each test, naming that test, and again after each class, for buffers that static
 * fixtures dropped in {@code @AfterAll}. A test that allocated nothing through Netty costs nothing. The
 * detector itself is wired by the parent POM's {@code test.argLine} (paranoid level, {@link LeakRecorder});
 * a JVM started without it fails the first test class rather than pass without looking.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final String DETECTOR_PROPERTY = "io.netty.customResourceLeakDetector";
    /** Buffers allocated to make the detector poll its queue of collected, unreleased buffers. */
    private static final int PROBES = 16;

    /** {@link LeakRecorder#tracked()} after the last full check. */
    private static long trackedAtLastCheck = -1;

    @Override
    public void beforeAll(ExtensionContext context) {
        String detector = System.getProperty(DETECTOR_PROPERTY, "");
        if (!detector.equals(LeakRecorder.class.getName())
                || ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("leak detection is not wired in this test JVM: run it with the parent"
                    + " POM's test.argLine (-Dio.netty.leakDetection.level=paranoid -D" + DETECTOR_PROPERTY + "="
                    + LeakRecorder.class.getName() + "); found level " + ResourceLeakDetector.getLevel()
                    + " and detector '" + detector + "'");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        failOnLeaks(context, collectLeaks(false));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        failOnLeaks(context, collectLeaks(true));
    }

    private static void failOnLeaks(ExtensionContext context, List<String> leaks) {
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffer leak(s) in " + context.getDisplayName()
                    + " (or just before it):\n" + String.join("\n", leaks));
        }
    }

    /**
     * Collects the leaks that can be seen now and forgets them. Unless {@code always}, skips the collection
     * when no object was tracked since the last one and nothing was reported meanwhile.
     */
    static synchronized List<String> collectLeaks(boolean always) throws InterruptedException {
        if (!always && LeakRecorder.tracked() == trackedAtLastCheck && !LeakRecorder.anyReported()) {
            return List.of();
        }
        // A lost buffer surfaces once the GC has cleared its tracker and a later allocation polls the queue.
        for (int round = 0; round < 2; round++) {
            awaitFullCollection();
            for (int i = 0; i < PROBES; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                unpooled.release();
            }
        }
        trackedAtLastCheck = LeakRecorder.tracked();
        return LeakRecorder.drain();
    }

    /**
     * Runs the GC and waits until the JVM's reference handler has queued what it cleared, watched through a
     * sentinel of our own, so the detector's queue holds this collection's lost buffers when it is polled.
     */
    private static void awaitFullCollection() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        if (queue.remove(1_000) == null) {
            throw new IllegalStateException("the GC did not clear a weak reference within 1 s; is "
                    + "-XX:+DisableExplicitGC set?");
        }
        sentinel.clear();
    }
}

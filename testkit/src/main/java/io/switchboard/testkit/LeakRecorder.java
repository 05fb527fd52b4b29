package io.switchboard.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Netty's leak detector, keeping every leak it reports for {@link LeakDetectionExtension} (Netty itself only
 * logs a leak and carries on). Netty instantiates it for every resource type when the test JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=io.switchboard.testkit.LeakRecorder}, which the parent POM's
 * {@code test.argLine} sets together with the paranoid level, so every buffer is tracked whichever class
 * touches Netty first.
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    /** Objects handed to any detector so far; when it has not moved, nothing new can have leaked. */
    private static final LongAdder TRACKED = new LongAdder();

    /** The constructor Netty's default factory looks up first. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** The older constructor Netty's default factory also accepts. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    public ResourceLeakTracker<T> track(T obj) {
        TRACKED.increment();
        return super.track(obj);
    }

    @Override
    public ResourceLeakTracker<T> trackForcibly(T obj) {
        TRACKED.increment();
        return super.trackForcibly(obj);
    }

    /** Report whatever the logging configuration: a test must fail on a leak even with Netty's logger off. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }

    static long tracked() {
        return TRACKED.sum();
    }

    static boolean anyReported() {
        return !LEAKS.isEmpty();
    }

    /** The leaks reported since the last call, oldest first. */
    static List<String> drain() {
        List<String> found = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null;) {
            found.add(leak);
        }
        return found;
    }
}

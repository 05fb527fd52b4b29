package io.switchboard.bench.webrtc.calls;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The generator's media threads: one sender pacing every call's frames at 20 ms, one {@link DatagramReader}
 * for every socket. The measured window starts at a frame number both threads read ({@link #countFrom}).
 */
final class LoadIo implements AutoCloseable {
    static final long FRAME_NANOS = 20_000_000L;

    private final List<LoadCall> calls;
    private final DatagramReader reader;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Thread sender = new Thread(this::sendLoop, "load-sender");
    private volatile boolean sending;
    private volatile int frame;
    private volatile int countFrom = Integer.MAX_VALUE;
    /** The most the sender fell behind its schedule inside the window, in ns (the generator's own limit). */
    private volatile long maxLateNanos;
    /** How late the last frame went out, in ns. */
    private volatile long lateNanos;

    LoadIo(List<LoadCall> calls) throws Exception {
        this.calls = calls;
        this.reader = new DatagramReader("load-reader");
        sender.setDaemon(true);
    }

    /** Hands a call's sockets to the reader thread, which registers them between selects. */
    void register(LoadCall c) {
        reader.register(c.browser, d -> c.fromBrowserSocket(d, countFrom, latency));
        reader.register(c.trunk, d -> c.fromTrunkSocket(d, countFrom, latency));
    }

    void startSending() {
        sending = true;
        sender.start();
    }

    /** Counts frames from a few frames ahead of the sender's current one. */
    void startWindow() {
        countFrom = frame + 5;
    }

    /** Stops the sender. */
    void stopSending() throws InterruptedException {
        sending = false;
        sender.join();
    }

    LatencyHistogram latency() {
        return latency;
    }

    /** Waits (up to {@code maxMillis}) until the sender keeps its 20 ms schedule, after start-up's hiccups. */
    void awaitOnSchedule(long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        while (lateNanos > 2 * FRAME_NANOS && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    long maxLateNanos() {
        return maxLateNanos;
    }

    private void sendLoop() {
        try {
            pace();
        } catch (RuntimeException e) {
            e.printStackTrace(); // the window's loss shows it too
        }
    }

    private void pace() {
        long start = System.nanoTime();
        for (int f = 0; sending; f++) {
            long due = start + f * FRAME_NANOS;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            lateNanos = now - due;
            int from = countFrom;
            if (f >= from && now - due > maxLateNanos) {
                maxLateNanos = now - due;
            }
            frame = f;
            for (LoadCall c : calls) {
                c.tick(f, from);
            }
        }
    }

    @Override
    public void close() throws Exception {
        sending = false;
        if (sender.isAlive()) {
            sender.join();
        }
        reader.close();
    }
}

package io.switchboard.bench.webrtc.calls;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The generator's media threads: one sender pacing every call's frames at 20 ms, one reader on one selector
 * for every socket. The measured window starts at a frame number both threads read ({@link #countFrom}).
 */
final class LoadIo implements AutoCloseable {
    static final long FRAME_NANOS = 20_000_000L;

    private final List<LoadCall> calls;
    private final Selector selector;
    private final ConcurrentLinkedQueue<LoadCall> pending = new ConcurrentLinkedQueue<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Thread sender = new Thread(this::sendLoop, "load-sender");
    private final Thread reader = new Thread(this::readLoop, "load-reader");
    private volatile boolean sending;
    private volatile boolean reading = true;
    private volatile int frame;
    private volatile int countFrom = Integer.MAX_VALUE;
    /** The most the sender fell behind its schedule inside the window, in ns (the generator's own limit). */
    private volatile long maxLateNanos;
    /** How late the last frame went out, in ns. */
    private volatile long lateNanos;

    LoadIo(List<LoadCall> calls) throws Exception {
        this.calls = calls;
        this.selector = Selector.open();
        sender.setDaemon(true);
        reader.setDaemon(true);
        reader.start();
    }

    /** Hands a call's sockets to the reader thread, which registers them between selects. */
    void register(LoadCall c) {
        pending.add(c);
        selector.wakeup();
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

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (reading) {
                selector.select(50);
                for (LoadCall c; (c = pending.poll()) != null; ) {
                    c.browser.register(selector, SelectionKey.OP_READ, c);
                    c.trunk.register(selector, SelectionKey.OP_READ, c);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    LoadCall c = (LoadCall) key.attachment();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    while (key.isValid()) {
                        buf.clear();
                        if (ch.receive(buf) == null) {
                            break;
                        }
                        buf.flip();
                        if (buf.remaining() < 2) {
                            continue;
                        }
                        int from = countFrom;
                        if (ch == c.browser) {
                            c.fromBrowserSocket(buf, from, latency);
                        } else {
                            c.fromTrunkSocket(buf, from, latency);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            if (reading) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public void close() throws Exception {
        sending = false;
        reading = false;
        selector.wakeup();
        if (sender.isAlive()) {
            sender.join();
        }
        reader.join();
        selector.close();
    }
}

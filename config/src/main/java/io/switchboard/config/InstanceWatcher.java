package io.switchboard.config;

import io.switchboard.config.InstanceConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current {@link InstanceConfig} of an instance directory and reloads it when files
 * change. Changes are debounced (an editor's save, a {@code git checkout}, an rsync all arrive as
 * bursts of events), then the directory is validated again; a valid result is swapped in
 * atomically and announced to listeners, an invalid one is logged problem by problem and the
 * running snapshot stays. Calls in progress hold their own snapshot and are never affected.
 */
public final class InstanceWatcher implements AutoCloseable {

    public static final long DEFAULT_DEBOUNCE_MILLIS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(InstanceWatcher.class);

    private final Path dir;
    private final List<InstanceCheck> checks;
    private final long debounceMillis;
    private final AtomicReference<InstanceConfig> current;
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    /** Serialises reloads from the watch thread and {@link #reloadNow()} callers. */
    private final Object reloadLock = new Object();
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean closed;
    /** Reloads applied and refused since the start, counted once every listener has been told (for metrics). */
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong rejectedReloads = new AtomicLong();

    private InstanceWatcher(Path dir, InstanceConfig initial, List<InstanceCheck> checks, long debounceMillis)
            throws IOException {
        this.dir = dir;
        this.checks = List.copyOf(checks);
        this.debounceMillis = debounceMillis;
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.watchService = FileSystems.getDefault().newWatchService();
        register();
        this.thread = new Thread(this::run, "instance-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code dir}, whose valid snapshot {@code initial} the caller has already
     * loaded (so that start-up refuses a bad directory before anything listens).
     */
    public static InstanceWatcher start(Path dir, InstanceConfig initial) throws IOException {
        return start(dir, initial, List.of(), DEFAULT_DEBOUNCE_MILLIS);
    }

    /** As {@link #start(Path, InstanceConfig)}, running {@code checks} on every reload as the loader does. */
    public static InstanceWatcher start(Path dir, InstanceConfig initial, List<InstanceCheck> checks)
            throws IOException {
        return start(dir, initial, checks, DEFAULT_DEBOUNCE_MILLIS);
    }

    public static InstanceWatcher start(Path dir, InstanceConfig initial, List<InstanceCheck> checks,
                                        long debounceMillis) throws IOException {
        InstanceWatcher watcher = new InstanceWatcher(dir, initial, checks, debounceMillis);
        watcher.thread.start();
        return watcher;
    }

    /** The snapshot in force now; read it once per decision and keep using that one. */
    public InstanceConfig current() {
        return current.get();
    }

    /** Valid snapshots swapped in since the start (not counting the initial one). */
    public long reloads() {
        return reloads.get();
    }

    /** Changes refused since the start because the directory failed validation. */
    public long rejectedReloads() {
        return rejectedReloads.get();
    }

    public void addListener(InstanceListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(InstanceListener listener) {
        listeners.remove(listener);
    }

    /** Validates the directory now and swaps it in when valid; returns the load result. */
    public LoadResult reloadNow() {
        synchronized (reloadLock) {
            LoadResult result = InstanceLoader.load(dir, checks);
            if (!result.isValid()) {
                int n = result.problems().size();
                LOG.error("reload of {} rejected, keeping the running configuration ({} problem{})",
                        dir, n, n == 1 ? "" : "s");
                for (ConfigProblem p : result.problems()) {
                    LOG.error("{}", p);
                }
                for (InstanceListener l : listeners) {
                    notifyRejected(l, result.problems());
                }
                rejectedReloads.incrementAndGet();
                return result;
            }
            InstanceConfig previous = current.getAndSet(result.config());
            LOG.info("reloaded instance configuration from {}", dir);
            for (InstanceListener l : listeners) {
                notifyReload(l, previous, result.config());
            }
            reloads.incrementAndGet();
            return result;
        }
    }

    private void run() {
        long deadline = -1;
        while (!closed) {
            try {
                long wait = deadline < 0 ? Long.MAX_VALUE : Math.max(1, deadline - System.nanoTime() / 1_000_000);
                WatchKey key = deadline < 0 ? watchService.take() : watchService.poll(wait, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // New flows/ or prompts/ directories appear as events on the instance directory.
                    register();
                    deadline = System.nanoTime() / 1_000_000 + debounceMillis;
                } else if (deadline >= 0 && System.nanoTime() / 1_000_000 >= deadline) {
                    deadline = -1;
                    reloadNow();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // The watcher must survive anything a reload throws; the running config stays.
                LOG.error("instance watcher error, keeping the running configuration", e);
            }
        }
    }

    private void register() throws IOException {
        for (Path d : new Path[] {dir, dir.resolve(InstanceLoader.FLOWS_DIR), dir.resolve(InstanceLoader.PROMPTS_DIR)}) {
            if (Files.isDirectory(d)) {
                // Registering an already registered directory returns the same key: harmless.
                d.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private static void notifyReload(InstanceListener l, InstanceConfig previous, InstanceConfig next) {
        try {
            l.onReload(previous, next);
        } catch (RuntimeException e) {
            LOG.error("instance listener {} failed on reload", l, e);
        }
    }

    private static void notifyRejected(InstanceListener l, List<ConfigProblem> problems) {
        try {
            l.onReloadRejected(problems);
        } catch (RuntimeException e) {
            LOG.error("instance listener {} failed on a rejected reload", l, e);
        }
    }

    /** Stops watching; the current snapshot stays readable. */
    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("closing the watch service failed", e);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

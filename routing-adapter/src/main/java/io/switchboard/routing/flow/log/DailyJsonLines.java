package io.switchboard.routing.flow.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream of JSON lines in day files, {@code <directory>/YYYY-MM-DD.jsonl}, appended on a writer thread of
 * its own so that whoever produces the lines never waits for the disk. Each line reaches the file whole, with
 * one {@code write} per line (so a crash leaves no half line behind a complete one), and, when {@code force}
 * is on, is forced to the device before the next. A failed write is counted, logged once, and the file is
 * reopened for the next line.
 */
public final class DailyJsonLines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DailyJsonLines.class);

    private final Path directory;
    private final boolean force;
    private final String what;
    private final ExecutorService writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    // Owned by the writer thread.
    private LocalDate openDate;
    private FileChannel out;

    /** {@code what} names the stream in log lines and the writer thread ("flow log", "agent event"). */
    public DailyJsonLines(Path directory, boolean force, String what) {
        this.directory = directory;
        this.force = force;
        this.what = what;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, what.replace(' ', '-') + "-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a line for the day file of {@code date}; from any thread. {@code line} makes the JSON text
     * (without its newline) on the writer thread, so the producer does not serialise either.
     */
    public void append(LocalDate date, Callable<String> line) {
        try {
            writer.execute(() -> write(date, line));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Lines on disk. */
    public long written() {
        return written.get();
    }

    /** Lines that could not be written (closed stream, not serialisable, disk errors). */
    public long dropped() {
        return dropped.get();
    }

    private void write(LocalDate date, Callable<String> line) {
        String text;
        try {
            text = line.call() + "\n";
        } catch (Exception e) {
            dropped.incrementAndGet();
            LOG.error("{} not serialisable: {}", what, e.toString());
            return;
        }
        try {
            if (!date.equals(openDate)) {
                closeFile();
                Files.createDirectories(directory);
                out = FileChannel.open(directory.resolve(date + ".jsonl"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                openDate = date;
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (force) {
                out.force(false);
            }
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("{} write failed in {}: {}", what, directory, e.toString());
            }
            closeFile();
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Abandoned after a failure or a date change; nothing else to do with it.
            }
            out = null;
            openDate = null;
        }
    }

    /** Writes what is queued, then closes the file; waits up to five seconds. */
    @Override
    public void close() {
        try {
            writer.execute(this::closeFile);
        } catch (RejectedExecutionException e) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} writer did not finish within 5 s", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

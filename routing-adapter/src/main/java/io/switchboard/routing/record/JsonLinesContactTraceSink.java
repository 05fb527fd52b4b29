package io.switchboard.routing.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends contact trace records to {@code <data>/streams/ctr/YYYY-MM-DD.jsonl} (the UTC day of the
 * disconnect), one JSON object per line, never rewriting what is there. With a writer thread (production)
 * the loop only queues the line: the thread drains the queue, writes the batch, forces it as the
 * {@link ContactTraceOptions.Fsync} policy says and then completes the batch's futures, so the disk's
 * latency never reaches the loop. A torn last line left by a crash is cut off when the sink opens.
 */
public final class JsonLinesContactTraceSink implements ContactTraceSink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesContactTraceSink.class);
    private static final long CLOSE_LIMIT_MS = 5_000;

    private record Pending(ContactTraceLine line, CompletableFuture<Void> written) {
    }

    private final ContactTraceFiles files;
    private final ContactTraceOptions options;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    // Owned by the writer thread (or the calling thread without one).
    private Path openPath;
    private FileChannel open;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();

    /** Opens the sink under {@code dataDirectory}, repairing a torn last line first (on the calling thread). */
    public JsonLinesContactTraceSink(Path dataDirectory, ContactTraceOptions options) throws IOException {
        this.files = new ContactTraceFiles(dataDirectory);
        this.options = options;
        Files.createDirectories(files.directory());
        files.repair();
        if (options.writerThread()) {
            writer = new Thread(this::run, "ctr-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    public ContactTraceFiles files() {
        return files;
    }

    /** Records written (and made durable as the policy says) since start. */
    public long written() {
        return written.get();
    }

    /** Records that could not be written. */
    public long failed() {
        return failed.get();
    }

    @Override
    public CompletableFuture<Void> append(ContactTraceLine line) {
        Pending pending = new Pending(line, new CompletableFuture<>());
        if (closing) {
            pending.written().completeExceptionally(new IOException("the CTR sink is closed"));
            failed.incrementAndGet();
        } else if (writer == null) {
            writeBatch(List.of(pending), true);
        } else {
            queue.add(pending);
        }
        return pending.written();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(options.interval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    forceIfDue();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                writeBatch(batch, false);
                batch.clear();
            } catch (InterruptedException e) {
                closing = true;
            }
        }
        closeFile();
    }

    /** Writes {@code batch}, forces it as the policy says, then tells the waiting contacts. */
    private void writeBatch(List<Pending> batch, boolean forceNow) {
        List<Pending> done = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            try {
                write(p.line());
                done.add(p);
            } catch (IOException e) {
                fail(p, e);
                closeFile();
            }
        }
        try {
            if (options.fsync() == ContactTraceOptions.Fsync.EVERY_RECORD || forceNow) {
                force();
            } else {
                forceIfDue();
            }
        } catch (IOException e) {
            done.forEach(p -> fail(p, e));
            closeFile();
            return;
        }
        for (Pending p : done) {
            written.incrementAndGet();
            p.written().complete(null);
        }
    }

    private void write(ContactTraceLine line) throws IOException {
        Path path = files.fileFor(line.disconnectTimestamp());
        if (!path.equals(openPath)) {
            force();
            closeFile();
            open = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            openPath = path;
        }
        ByteBuffer bytes = ByteBuffer.wrap((line.json() + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            open.write(bytes);
        }
        dirty = true;
    }

    private void force() throws IOException {
        if (open != null && dirty) {
            open.force(false);
        }
        dirty = false;
        lastForceNanos = System.nanoTime();
    }

    private void forceIfDue() {
        if (dirty && System.nanoTime() - lastForceNanos >= options.interval().toNanos()) {
            try {
                force();
            } catch (IOException e) {
                LOG.error("forcing {} to disk failed: {}", openPath, e.toString());
                closeFile();
            }
        }
    }

    private void fail(Pending p, IOException e) {
        if (failed.getAndIncrement() == 0 || LOG.isDebugEnabled()) {
            LOG.error("CTR of contact {} not written to {}: {}", p.line().contactId(), files.directory(), e.toString());
        }
        p.written().completeExceptionally(e);
    }

    private void closeFile() {
        if (open != null) {
            try {
                if (dirty) {
                    open.force(false);
                }
                open.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed: {}", openPath, e.toString());
            }
        }
        open = null;
        openPath = null;
        dirty = false;
    }

    @Override
    public void close() {
        closing = true;
        if (writer == null) {
            closeFile();
            return;
        }
        try {
            writer.join(CLOSE_LIMIT_MS);
            if (writer.isAlive()) {
                LOG.warn("the CTR writer did not finish within {} ms; {} records still queued", CLOSE_LIMIT_MS,
                        queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

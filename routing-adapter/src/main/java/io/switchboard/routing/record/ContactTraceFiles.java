package io.switchboard.routing.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CTR stream's files: {@code <data>/streams/ctr/YYYY-MM-DD.jsonl}, one per UTC day of the disconnect,
 * one record per line. A crash in the middle of a write leaves a last line without its newline; such a
 * torn line was never reported written, so {@link #repair} cuts it off at start and readers skip it.
 */
public final class ContactTraceFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ContactTraceFiles.class);
    private static final String SUFFIX = ".jsonl";

    private final Path directory;

    public ContactTraceFiles(Path dataDirectory) {
        this.directory = dataDirectory.resolve("streams").resolve("ctr");
    }

    public Path directory() {
        return directory;
    }

    /** The day file a record disconnected at {@code disconnect} belongs to. */
    public Path fileFor(Instant disconnect) {
        return directory.resolve(LocalDate.ofInstant(disconnect, ZoneOffset.UTC) + SUFFIX);
    }

    /** The day files there are, oldest first. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** Cuts a torn last line off every day file; returns how many files were repaired. */
    public int repair() throws IOException {
        int repaired = 0;
        for (Path file : files()) {
            if (repair(file)) {
                repaired++;
            }
        }
        return repaired;
    }

    /** Truncates {@code file} after its last newline when it does not end with one. */
    static boolean repair(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0 || lastByte(channel, size) == '\n') {
                return false;
            }
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            LOG.warn("{}: cut off a torn last line of {} bytes left by a crash during a write", file, size - keep);
            channel.truncate(keep);
            channel.force(true);
            return true;
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        return one.get(0);
    }

    /**
     * Hands every complete line of every day file to {@code line}, oldest first; a last line without its
     * newline (a write torn by a crash, not repaired yet) is skipped.
     */
    public void readAll(Consumer<String> line) throws IOException {
        read(files(), line);
    }

    /**
     * Like {@link #readAll}, for the last {@code maxBytes} of the day files only (the newest lines, oldest
     * first; a line cut by the limit is skipped): what a crash can have left unstored is at their end.
     */
    public void readTail(long maxBytes, Consumer<String> line) throws IOException {
        List<Path> all = files();
        List<String> texts = new ArrayList<>();
        long budget = maxBytes;
        for (int i = all.size() - 1; i >= 0 && budget > 0; i--) {
            try (FileChannel channel = FileChannel.open(all.get(i), StandardOpenOption.READ)) {
                long size = channel.size();
                long from = Math.max(0, size - budget);
                ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
                while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) > 0) {
                    // read on until the buffer is full
                }
                String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
                if (from > 0) {
                    int first = text.indexOf('\n');
                    text = first < 0 ? "" : text.substring(first + 1);
                }
                texts.add(0, text);
                budget -= size - from;
            }
        }
        texts.forEach(text -> lines(text, line));
    }

    private static void read(List<Path> files, Consumer<String> line) throws IOException {
        for (Path file : files) {
            lines(Files.readString(file, StandardCharsets.UTF_8), line);
        }
    }

    private static void lines(String text, Consumer<String> line) {
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            if (end > start) {
                line.accept(text.substring(start, end));
            }
            start = end + 1;
        }
    }

    /** Every complete line, for tests and tools. */
    public List<String> lines() throws IOException {
        List<String> all = new ArrayList<>();
        readAll(all::add);
        return all;
    }
}

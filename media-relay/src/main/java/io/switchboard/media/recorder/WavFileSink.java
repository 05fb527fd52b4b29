package io.switchboard.media.recorder;

import io.switchboard.media.codec.WavWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends 16-bit stereo 8 kHz PCM to a WAV file, rewriting the header's sizes at least once a second, so
 * a crash leaves a file that plays up to the last second. Blocking; runs on the disk executor only, one
 * call at a time per file.
 */
final class WavFileSink {
    private static final long HEADER_EVERY_NANOS = 1_000_000_000L;
    static final int CHANNELS = 2;
    static final int RATE = 8000;

    private final Path path;
    private final FileChannel file;
    private long dataBytes;
    private long lastHeaderNanos;

    WavFileSink(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.toAbsolutePath().getParent());
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        writeFully(WavWriter.header(RATE, CHANNELS, 0), 0);
        this.lastHeaderNanos = System.nanoTime();
    }

    /** Appends frames and refreshes the header when a second has passed since the last refresh. */
    void append(byte[] pcm) throws IOException {
        if (pcm.length > 0) {
            writeFully(ByteBuffer.wrap(pcm), WavWriter.HEADER_SIZE + dataBytes);
            dataBytes += pcm.length;
        }
        long now = System.nanoTime();
        if (now - lastHeaderNanos >= HEADER_EVERY_NANOS) {
            writeFully(WavWriter.header(RATE, CHANNELS, dataBytes), 0);
            lastHeaderNanos = now;
        }
    }

    /** Writes the final header, forces the data to disk and closes; returns the frames written. */
    long close() throws IOException {
        try {
            writeFully(WavWriter.header(RATE, CHANNELS, dataBytes), 0);
            file.force(false);
        } finally {
            file.close();
        }
        return dataBytes / (2L * CHANNELS);
    }

    Path path() {
        return path;
    }

    private void writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += file.write(buf, pos);
        }
    }
}

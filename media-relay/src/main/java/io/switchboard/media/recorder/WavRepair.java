package io.switchboard.media.recorder;

import io.switchboard.media.codec.WavWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs recordings after a crash: {@link WavFileSink} rewrites a file's header only once a second, so after
 * kill -9 the header can count up to a second less audio than reached the disk. Every WAV under the recordings
 * directory whose canonical 44-byte PCM header disagrees with its length gets the sizes of the whole frames it
 * holds (a frame cut short by the crash is left out of the count), logged once per file. Files in another layout
 * are left alone. Blocking; run once at start, before any recording is written.
 */
public final class WavRepair {
    private static final Logger LOG = LoggerFactory.getLogger(WavRepair.class);
    private static final int RIFF = 0x46464952;
    private static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    private static final int DATA = 0x61746164;

    private WavRepair() {
    }

    /** Repairs every WAV under {@code recordings} (absent: nothing to do); returns how many were repaired. */
    public static int repairAll(Path recordings) {
        if (!Files.isDirectory(recordings)) {
            return 0;
        }
        List<Path> wavs;
        try (Stream<Path> files = Files.walk(recordings)) {
            wavs = files.filter(p -> p.getFileName().toString().endsWith(".wav") && Files.isRegularFile(p)).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look for recordings to repair in {}: {}", recordings, e.toString());
            return 0;
        }
        int repaired = 0;
        for (Path wav : wavs) {
            try {
                if (repair(wav)) {
                    repaired++;
                }
            } catch (IOException e) {
                LOG.warn("cannot repair recording {}: {}", wav, e.toString());
            }
        }
        return repaired;
    }

    /** True when {@code wav} had a lagging header and now has the right one. */
    static boolean repair(Path wav) throws IOException {
        try (FileChannel file = FileChannel.open(wav, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = file.size();
            if (size < WavWriter.HEADER_SIZE) {
                return false;
            }
            ByteBuffer h = ByteBuffer.allocate(WavWriter.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && file.read(h, h.position()) >= 0) {
                // read the whole header
            }
            if (h.getInt(0) != RIFF || h.getInt(8) != WAVE || h.getInt(12) != FMT || h.getInt(16) != 16
                    || h.getShort(20) != 1 || h.getShort(34) != 16 || h.getInt(36) != DATA) {
                return false; // not the canonical PCM layout we write
            }
            int channels = h.getShort(22);
            int rate = h.getInt(24);
            int blockAlign = h.getShort(32);
            if (channels < 1 || blockAlign != channels * 2) {
                return false;
            }
            long available = Math.min(0xFFFFFFFFL - 36, size - WavWriter.HEADER_SIZE);
            long data = available - available % blockAlign;
            long headerData = h.getInt(40) & 0xFFFFFFFFL;
            long headerRiff = h.getInt(4) & 0xFFFFFFFFL;
            if (headerData == data && headerRiff == 36 + data) {
                return false;
            }
            ByteBuffer fixed = WavWriter.header(rate, channels, data);
            long pos = 0;
            while (fixed.hasRemaining()) {
                pos += file.write(fixed, pos);
            }
            file.force(false);
            LOG.info("repaired the header of recording {}: {} ms of audio counted, the header had {} ms", wav,
                    data * 1000 / ((long) rate * blockAlign), headerData * 1000 / ((long) rate * blockAlign));
            return true;
        }
    }
}

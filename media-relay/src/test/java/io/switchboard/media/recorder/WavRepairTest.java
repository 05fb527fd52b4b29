package io.switchboard.media.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.media.codec.WavWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers a crash left behind get the audio that reached the disk; good files and other layouts stay as they are. */
class WavRepairTest {
    @TempDir
    Path dir;

    private static long dataSize(Path wav) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN).getInt(40) & 0xFFFFFFFFL;
    }

    private static long riffSize(Path wav) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL;
    }

    @Test
    void aHeaderThatLagsItsDataIsRepairedAndACutFrameIsLeftUncounted() throws Exception {
        Path day = Files.createDirectories(dir.resolve("2026/12/01"));
        Path crashed = day.resolve("contact-1.wav");
        // the header counts 1 s of 8 kHz stereo, the file holds 1.8 s and half a frame more
        byte[] file = new byte[WavWriter.HEADER_SIZE + 57_600 + 2];
        ByteBuffer.wrap(file).put(WavWriter.header(8000, 2, 32_000));
        Files.write(crashed, file);
        Path good = day.resolve("contact-2.wav");
        byte[] whole = new byte[WavWriter.HEADER_SIZE + 3_200];
        ByteBuffer.wrap(whole).put(WavWriter.header(8000, 2, 3_200));
        Files.write(good, whole);
        Path other = day.resolve("not-ours.wav");
        Files.write(other, new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'});

        assertEquals(1, WavRepair.repairAll(dir));
        assertEquals(57_600, dataSize(crashed), "1.8 s of whole frames");
        assertEquals(36 + 57_600, riffSize(crashed));
        assertEquals(3_200, dataSize(good));
        assertArrayEquals(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'}, Files.readAllBytes(other));
        assertEquals(0, WavRepair.repairAll(dir), "nothing left to repair");
        assertEquals(0, WavRepair.repairAll(dir.resolve("absent")));
    }
}

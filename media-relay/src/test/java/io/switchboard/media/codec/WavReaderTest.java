package io.switchboard.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {

    static byte[] wav(int format, int channels, int rate, int bits, byte[] data, boolean withList) {
        int fmtSize = 16;
        int listSize = withList ? 5 : 0; // odd size: exercises the RIFF pad byte
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + (withList ? 8 + listSize + 1 : 0) + 8 + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(WavReader.fourCc("RIFF")).putInt(b.capacity() - 8).putInt(WavReader.fourCc("WAVE"));
        b.putInt(WavReader.fourCc("fmt ")).putInt(fmtSize).putShort((short) format).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8))
                .putShort((short) bits);
        if (withList) {
            b.putInt(WavReader.fourCc("LIST")).putInt(listSize).put(new byte[listSize + 1]);
        }
        b.putInt(WavReader.fourCc("data")).putInt(data.length).put(data);
        return b.array();
    }

    @Test
    void reads16BitPcm() throws Exception {
        short[] samples = {0, 1000, -1000, 32767, -32768};
        assertArrayEquals(samples, WavReader.decode("t", WavWriter.monoPcm(8000, samples)));
    }

    @Test
    void readsMuLawAndALawSkippingOtherChunks() throws Exception {
        byte[] codes = {(byte) 0xFF, (byte) 0x80, 0x00, 0x12};
        short[] mu = WavReader.decode("mu", wav(7, 1, 8000, 8, codes, true));
        short[] a = WavReader.decode("a", wav(6, 1, 8000, 8, codes, false));
        for (int i = 0; i < codes.length; i++) {
            assertEquals(G711.ulawToLinear(codes[i]), mu[i]);
            assertEquals(G711.alawToLinear(codes[i]), a[i]);
        }
    }

    @Test
    void readsFromDisk(@TempDir Path dir) throws Exception {
        short[] samples = new short[800];
        Arrays.fill(samples, (short) 1234);
        Path file = dir.resolve("p.wav");
        Files.write(file, WavWriter.monoPcm(8000, samples));
        assertArrayEquals(samples, WavReader.read(file));
    }

    @Test
    void rejectsWrongRate() {
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> WavReader.decode("hold.wav", wav(1, 1, 16000, 16, new byte[4], false)));
        assertEquals("hold.wav: sample rate 16000 Hz, prompts must be 8000 Hz", e.getMessage());
    }

    @Test
    void rejectsStereo() {
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> WavReader.decode("s.wav", wav(1, 2, 8000, 16, new byte[8], false)));
        assertEquals("s.wav: 2 channels, prompts must be mono", e.getMessage());
    }

    @Test
    void rejectsTruncatedData() {
        byte[] whole = WavWriter.monoPcm(8000, new short[100]);
        byte[] cut = Arrays.copyOf(whole, whole.length - 50);
        WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.decode("cut.wav", cut));
        assertEquals("cut.wav: truncated: data chunk declares 200 bytes, only 150 present", e.getMessage());
    }

    @Test
    void rejectsFileCutInsideTheHeader() {
        byte[] whole = WavWriter.monoPcm(8000, new short[100]);
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> WavReader.decode("h.wav", Arrays.copyOf(whole, 30)));
        assertTrue(e.getMessage().startsWith("h.wav: fmt chunk is truncated"), e.getMessage());
    }

    @Test
    void rejectsNonWavAndUnsupportedEncodings() {
        assertThrows(WavFormatException.class, () -> WavReader.decode("x", "hello world, not a wav".getBytes()));
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> WavReader.decode("f.wav", wav(3, 1, 8000, 32, new byte[8], false)));
        assertTrue(e.getMessage().contains("encoding 3 with 32 bits"), e.getMessage());
        assertThrows(WavFormatException.class, () -> WavReader.decode("p8", wav(1, 1, 8000, 8, new byte[8], false)));
    }
}

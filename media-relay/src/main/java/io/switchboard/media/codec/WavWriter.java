package io.switchboard.media.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds canonical 44-byte RIFF/WAVE headers for 16-bit PCM (RFC 2361 / Microsoft WAVEFORMAT layout). */
public final class WavWriter {
    public static final int HEADER_SIZE = 44;

    private WavWriter() {
    }

    /** A header for {@code dataBytes} of 16-bit little-endian PCM at {@code rate} with {@code channels}. */
    public static ByteBuffer header(int rate, int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long riffSize = Math.min(0xFFFFFFFFL, 36 + dataBytes);
        h.putInt(WavReader.fourCc("RIFF")).putInt((int) riffSize).putInt(WavReader.fourCc("WAVE"));
        h.putInt(WavReader.fourCc("fmt ")).putInt(16).putShort((short) WavReader.FORMAT_PCM)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16);
        h.putInt(WavReader.fourCc("data")).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        h.flip();
        return h;
    }

    /** A whole mono 16-bit PCM file image, for tests and generated prompts. */
    public static byte[] monoPcm(int rate, short[] samples) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header(rate, 1, 2L * samples.length));
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }
}

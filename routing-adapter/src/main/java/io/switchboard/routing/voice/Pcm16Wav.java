package io.switchboard.routing.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes mono 16-bit PCM WAV files (RIFF chunks walked by their headers), for synthesised speech. */
final class Pcm16Wav {

    /** Samples and their rate. */
    record Audio(short[] samples, int sampleRate) {
    }

    private Pcm16Wav() {
    }

    static Audio read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int rate = -1;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(body) & 0xFFFF;
                int channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14) & 0xFFFF;
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IOException(file + ": expected mono 16-bit PCM, found format " + format + ", "
                            + channels + " channels, " + bits + " bits");
                }
            } else if (id == 0x61746164) { // "data"
                if (rate < 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                // Streaming writers leave the size at 0 or 0xFFFFFFFF: the data then runs to the end of the file.
                long available = b.limit() - body;
                int bytes = (int) (size == 0 || size > available ? available : size);
                short[] samples = new short[bytes / 2];
                b.position(body);
                b.asShortBuffer().get(samples);
                return new Audio(samples, rate);
            }
            pos = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new IOException(file + ": no data chunk");
    }

    static void write(Path file, short[] samples, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(file, b.array());
    }
}

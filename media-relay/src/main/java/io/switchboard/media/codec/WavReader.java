package io.switchboard.media.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads 8 kHz mono WAV files (16-bit PCM, mu-law or A-law) into 16-bit linear samples.
 *
 * <p>Walks the RIFF chunk list (skipping LIST, fact and other chunks, honouring the pad byte after odd
 * chunks) and rejects with a message naming the file and the problem: not RIFF/WAVE, missing fmt or data,
 * a rate other than 8000 Hz, more than one channel, an unsupported encoding, or a data chunk that declares
 * more bytes than the file holds (a truncated copy).
 */
public final class WavReader {
    /** Prompts above this size are refused (ARCHITECTURE.md: prompts are under 50 MB). */
    public static final long MAX_BYTES = 50L * 1024 * 1024;
    public static final int SAMPLE_RATE = 8000;

    static final int FORMAT_PCM = 1;
    static final int FORMAT_ALAW = 6;
    static final int FORMAT_MULAW = 7;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /** Reads and decodes {@code file}. */
    public static short[] read(Path file) throws IOException, WavFormatException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new WavFormatException(file + ": " + size + " bytes is above the 50 MB prompt limit");
        }
        return decode(file.toString(), Files.readAllBytes(file));
    }

    /** Mono 16-bit PCM at any rate, for synthesized speech that is resampled afterwards. */
    public record Pcm(int rate, short[] samples) {
    }

    /** Decodes a mono 16-bit PCM WAV image at any sample rate (TTS output). */
    public static Pcm decodeAnyRate(String name, byte[] bytes) throws WavFormatException {
        return parse(name, bytes, false);
    }

    /** Decodes an 8 kHz WAV image; {@code name} only labels error messages. */
    public static short[] decode(String name, byte[] bytes) throws WavFormatException {
        return parse(name, bytes, true).samples();
    }

    private static Pcm parse(String name, byte[] bytes, boolean require8k) throws WavFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || in.getInt(0) != fourCc("RIFF") || in.getInt(8) != fourCc("WAVE")) {
            throw new WavFormatException(name + ": not a RIFF/WAVE file");
        }
        int format = -1;
        int bitsPerSample = 0;
        int rate = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            int id = in.getInt(pos);
            long chunkSize = in.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == fourCc("fmt ")) {
                if (chunkSize < 16 || body + chunkSize > bytes.length) {
                    throw new WavFormatException(name + ": fmt chunk is truncated");
                }
                format = in.getShort(body) & 0xFFFF;
                int channels = in.getShort(body + 2) & 0xFFFF;
                rate = in.getInt(body + 4);
                bitsPerSample = in.getShort(body + 14) & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE) {
                    if (chunkSize < 26) {
                        throw new WavFormatException(name + ": WAVE_FORMAT_EXTENSIBLE fmt chunk is truncated");
                    }
                    format = in.getShort(body + 24) & 0xFFFF; // first two bytes of the sub-format GUID
                }
                if (channels != 1) {
                    throw new WavFormatException(name + ": " + channels + " channels, prompts must be mono");
                }
                if (require8k && rate != SAMPLE_RATE) {
                    throw new WavFormatException(name + ": sample rate " + rate + " Hz, prompts must be 8000 Hz");
                }
                checkEncoding(name, format, bitsPerSample);
            } else if (id == fourCc("data")) {
                if (format < 0) {
                    throw new WavFormatException(name + ": data chunk before fmt chunk");
                }
                long available = bytes.length - body;
                if (chunkSize > available) {
                    throw new WavFormatException(name + ": truncated: data chunk declares " + chunkSize
                            + " bytes, only " + available + " present");
                }
                return new Pcm(rate, samples(in, body, (int) chunkSize, format));
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + chunkSize + (chunkSize & 1));
        }
        throw new WavFormatException(name + (format < 0 ? ": no fmt chunk" : ": no data chunk") + " (truncated?)");
    }

    private static void checkEncoding(String name, int format, int bits) throws WavFormatException {
        boolean ok = switch (format) {
            case FORMAT_PCM -> bits == 16;
            case FORMAT_ALAW, FORMAT_MULAW -> bits == 8;
            default -> false;
        };
        if (!ok) {
            throw new WavFormatException(name + ": encoding " + format + " with " + bits
                    + " bits per sample is not supported (16-bit PCM, 8-bit mu-law or A-law)");
        }
    }

    private static short[] samples(ByteBuffer in, int offset, int length, int format) {
        if (format == FORMAT_PCM) {
            short[] out = new short[length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = in.getShort(offset + 2 * i);
            }
            return out;
        }
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            byte code = in.get(offset + i);
            out[i] = format == FORMAT_MULAW ? G711.ulawToLinear(code) : G711.alawToLinear(code);
        }
        return out;
    }

    static int fourCc(String s) {
        return (s.charAt(0) & 0xFF) | (s.charAt(1) & 0xFF) << 8 | (s.charAt(2) & 0xFF) << 16 | (s.charAt(3) & 0xFF) << 24;
    }
}

package io.switchboard.config.check;

import io.switchboard.config.bind.Problems;
import io.switchboard.config.model.AudioEncoding;
import io.switchboard.config.model.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a prompt is a RIFF WAVE file the media relay can stream as is: 8 kHz, mono, 16-bit
 * PCM or G.711 mu-law/A-law, under 50 MB, with a data chunk.
 */
public final class PromptChecker {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Enough for the RIFF header, a fmt chunk and the usual LIST/fact chunks before data. */
    private static final int HEADER_SCAN_BYTES = 64 * 1024;
    private static final String CONVERT_HINT =
            " (convert with: sox IN -r 8000 -c 1 -b 16 -e signed-integer OUT.wav)";

    private PromptChecker() {
    }

    /** Checks {@code file}; returns the prompt, or null with a problem recorded. */
    public static Prompt check(String name, String relativeFile, Path file, Problems problems) {
        String field = "prompts." + name;
        try {
            long size = Files.size(file);
            if (size >= Prompt.MAX_FILE_BYTES) {
                problems.add(relativeFile, 0, field, "file is " + size + " bytes; prompts must be under 50 MB");
                return null;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(HEADER_SCAN_BYTES);
            }
            return inspect(name, file, head, size);
        } catch (IllegalArgumentException e) {
            problems.add(relativeFile, 0, field, e.getMessage());
            return null;
        } catch (IOException e) {
            problems.add(relativeFile, 0, field, "cannot read: " + e.getMessage());
            return null;
        }
    }

    /** Walks the RIFF chunks; throws IllegalArgumentException with the problem. */
    static Prompt inspect(String name, Path file, byte[] head, long fileSize) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 12 || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF WAVE file" + CONVERT_HINT);
        }
        AudioEncoding encoding = null;
        int rate = 0;
        int pos = 12;
        while (pos + 8 <= head.length) {
            String id = tag(head, pos);
            long length = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (length < 16 || body + 16 > head.length) {
                    throw new IllegalArgumentException("fmt chunk is truncated");
                }
                int format = Short.toUnsignedInt(b.getShort(body));
                int channels = Short.toUnsignedInt(b.getShort(body + 2));
                rate = b.getInt(body + 4);
                int bits = Short.toUnsignedInt(b.getShort(body + 14));
                if (format == FORMAT_EXTENSIBLE && length >= 40 && body + 26 <= head.length) {
                    format = Short.toUnsignedInt(b.getShort(body + 24));
                }
                encoding = encoding(format, bits);
                if (channels != 1) {
                    throw new IllegalArgumentException(channels + " channels; prompts must be mono" + CONVERT_HINT);
                }
                if (rate != Prompt.SAMPLE_RATE) {
                    throw new IllegalArgumentException("sample rate is " + rate
                            + " Hz; prompts must be 8000 Hz" + CONVERT_HINT);
                }
            } else if (id.equals("data")) {
                if (encoding == null) {
                    throw new IllegalArgumentException("data chunk comes before the fmt chunk");
                }
                long available = fileSize - body;
                long bytes = Math.min(length, available);
                if (bytes <= 0) {
                    throw new IllegalArgumentException("the data chunk is empty");
                }
                return new Prompt(name, file, encoding, rate, body, bytes);
            }
            pos = body + (int) Math.min(length + (length & 1), Integer.MAX_VALUE - body);
        }
        throw new IllegalArgumentException(encoding == null ? "no fmt chunk found" : "no data chunk found");
    }

    private static AudioEncoding encoding(int format, int bits) {
        if (format == FORMAT_PCM && bits == 16) {
            return AudioEncoding.PCM_S16LE;
        }
        if (format == FORMAT_MULAW && bits == 8) {
            return AudioEncoding.PCMU;
        }
        if (format == FORMAT_ALAW && bits == 8) {
            return AudioEncoding.PCMA;
        }
        throw new IllegalArgumentException("encoding is format " + format + " with " + bits
                + " bits; prompts must be 16-bit PCM or G.711 mu-law/A-law" + CONVERT_HINT);
    }

    private static String tag(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}

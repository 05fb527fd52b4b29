package io.switchboard.config.check;

import io.switchboard.config.bind.Problems;
import io.switchboard.config.model.Prompt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that a prompt is a RIFF WAVE file the media relay can stream as is: 8 kHz, mono, 16-bit
 * PCM or G.711 mu-law/A-law, under 50 MB, with a data chunk. Chunks are walked by their headers,
 * so metadata chunks of any size before the samples are skipped without being read.
 */
public final class PromptChecker {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final String CONVERT_HINT =
            " (convert with: sox IN -r 8000 -c 1 -b 16 -e signed-integer OUT.wav)";

    private PromptChecker() {
    }

    /** Checks {@code file}; returns the prompt, or null with a problem recorded. */
    public static Prompt check(String name, String relativeFile, Path file, Problems problems) {
        String field = "prompts." + name;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size >= Prompt.MAX_FILE_BYTES) {
                problems.add(relativeFile, 0, field, "file is " + size + " bytes; prompts must be under 50 MB");
                return null;
            }
            return inspect(name, file, channel, size);
        } catch (IllegalArgumentException e) {
            problems.add(relativeFile, 0, field, e.getMessage());
            return null;
        } catch (IOException e) {
            problems.add(relativeFile, 0, field, "cannot read: " + e.getMessage());
            return null;
        }
    }

    /** Walks the RIFF chunks; throws IllegalArgumentException with the problem. */
    private static Prompt inspect(String name, Path file, FileChannel channel, long size) throws IOException {
        ByteBuffer riff = read(channel, 0, 12);
        if (riff.remaining() < 12 || !tag(riff, 0).equals("RIFF") || !tag(riff, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF WAVE file" + CONVERT_HINT);
        }
        Prompt.Encoding encoding = null;
        int rate = 0;
        long pos = 12;
        while (pos + 8 <= size) {
            ByteBuffer header = read(channel, pos, 8);
            String id = tag(header, 0);
            long length = Integer.toUnsignedLong(header.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                ByteBuffer fmt = read(channel, body, (int) Math.min(length, 40));
                if (length < 16 || fmt.remaining() < 16) {
                    throw new IllegalArgumentException("fmt chunk is truncated");
                }
                int format = Short.toUnsignedInt(fmt.getShort(0));
                int channels = Short.toUnsignedInt(fmt.getShort(2));
                rate = fmt.getInt(4);
                int bits = Short.toUnsignedInt(fmt.getShort(14));
                if (format == FORMAT_EXTENSIBLE && fmt.remaining() >= 26) {
                    format = Short.toUnsignedInt(fmt.getShort(24)); // first two bytes of the sub-format GUID
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
                long bytes = Math.min(length, size - body);
                if (bytes <= 0) {
                    throw new IllegalArgumentException("the data chunk is empty");
                }
                return new Prompt(name, file, encoding, rate, body, bytes);
            }
            pos = body + length + (length & 1); // chunks are padded to an even length
        }
        throw new IllegalArgumentException(encoding == null ? "no fmt chunk found" : "no data chunk found");
    }

    private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, at + b.position()) > 0) {
            // keep reading until full or end of file
        }
        return b.flip();
    }

    private static Prompt.Encoding encoding(int format, int bits) {
        if (format == FORMAT_PCM && bits == 16) {
            return Prompt.Encoding.PCM_S16LE;
        }
        if (format == FORMAT_MULAW && bits == 8) {
            return Prompt.Encoding.PCMU;
        }
        if (format == FORMAT_ALAW && bits == 8) {
            return Prompt.Encoding.PCMA;
        }
        throw new IllegalArgumentException("encoding is format " + format + " with " + bits
                + " bits; prompts must be 16-bit PCM or G.711 mu-law/A-law" + CONVERT_HINT);
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] bytes = new byte[4];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

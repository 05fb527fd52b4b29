package io.switchboard.media.player;

import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.codec.Resampler;
import io.switchboard.media.codec.WavFormatException;
import io.switchboard.media.codec.WavReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default speech engine: runs {@code espeak-ng} (no shell; text passed as one argument) into a
 * temporary WAV, then resamples its 22050 Hz output to 8 kHz. Blocking; the relay calls it off the loops.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {
    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_TEXT = 4000;

    private final String program;

    public EspeakSynthesizer() {
        this("espeak-ng");
    }

    /** @param program the espeak-ng executable (name on the PATH or absolute path) */
    public EspeakSynthesizer(String program) {
        this.program = program;
    }

    @Override
    public short[] synthesize(String text, String voice) throws IOException {
        if (text.length() > MAX_TEXT) {
            throw new IOException("text of " + text.length() + " characters is above the " + MAX_TEXT + " limit");
        }
        Path wav = Files.createTempFile("tts-", ".wav");
        try {
            run(List.of(program, "-v", voice, "-w", wav.toString(), "--", text));
            WavReader.Pcm pcm = WavReader.decodeAnyRate("espeak-ng output", Files.readAllBytes(wav));
            return Resampler.resample(pcm.samples(), pcm.rate(), WavReader.SAMPLE_RATE);
        } catch (WavFormatException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    @Override
    public void checkAvailable(String voice) {
        String voices;
        try {
            voices = run(List.of(program, "--voices"));
        } catch (IOException e) {
            throw new IllegalStateException("text-to-speech needs " + program
                    + ", which cannot be run (install the espeak-ng package): " + e.getMessage(), e);
        }
        for (String line : voices.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // columns: Pty Language Age/Gender VoiceName File Other; a voice is named by language or file
            if (f.length >= 5 && (f[1].equalsIgnoreCase(voice) || f[3].equalsIgnoreCase(voice)
                    || f[4].equalsIgnoreCase(voice) || f[4].endsWith("/" + voice))) {
                return;
            }
        }
        throw new IllegalStateException("espeak-ng has no voice '" + voice + "' (see espeak-ng --voices)");
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": " + text.trim());
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }
}

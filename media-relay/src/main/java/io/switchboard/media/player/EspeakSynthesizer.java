package io.switchboard.media.player;

import io.switchboard.media.api.PromptItem;
import io.switchboard.media.api.SpeechSynthesizer;
import io.switchboard.media.codec.Resampler;
import io.switchboard.media.codec.WavFormatException;
import io.switchboard.media.codec.WavReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The default speech engine: runs {@code espeak-ng} (no shell) with the text, or the SSML document
 * ({@code -m}), on its standard input, so what callers typed never shows in process listings; it writes a
 * temporary 22050 Hz WAV, resampled here to 8 kHz. Voices are espeak-ng's, with an optional variant
 * ({@code en-us+f3}). Blocking; the relay calls it off the loops.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {
    private static final long TIMEOUT_SECONDS = 30;
    /** Amazon Polly's limit for one request, SSML tags included, so text written for Amazon Connect fits. */
    static final int MAX_TEXT = 6000;
    /** language[+variant] as {@code -v} takes it; nothing that could reach outside espeak-ng's voice files. */
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\+[A-Za-z0-9][A-Za-z0-9_-]*)?");

    private final String program;

    public EspeakSynthesizer() {
        this("espeak-ng");
    }

    /** @param program the espeak-ng executable (name on the PATH or absolute path) */
    public EspeakSynthesizer(String program) {
        this.program = program;
    }

    @Override
    public short[] synthesize(PromptItem.Speech speech) throws IOException {
        String voice = speech.voice();
        String badName = voiceNameProblem(voice);
        if (badName != null) {
            throw new IOException(badName);
        }
        if (speech.text().length() > MAX_TEXT) {
            throw new IOException((speech.ssml() ? "SSML" : "text") + " of " + speech.text().length()
                    + " characters is above the " + MAX_TEXT + " limit");
        }
        Path wav = Files.createTempFile("tts-", ".wav");
        try {
            List<String> command = new ArrayList<>(List.of(program));
            if (speech.ssml()) {
                command.add("-m");
            }
            command.addAll(List.of("-v", voice, "-w", wav.toString(), "--stdin"));
            Outcome outcome = run(command, speech.text());
            if (outcome.exit() != 0) {
                throw new IOException(program + " cannot speak with voice '" + voice + "' (exit " + outcome.exit()
                        + "): " + outcome.output());
            }
            WavReader.Pcm pcm = WavReader.decodeAnyRate("espeak-ng output", Files.readAllBytes(wav));
            return Resampler.resample(pcm.samples(), pcm.rate(), WavReader.SAMPLE_RATE);
        } catch (WavFormatException e) {
            throw new IOException(program + " wrote no usable audio for voice '" + voice + "': " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    @Override
    public void checkAvailable(String voice) {
        String badName = voiceNameProblem(voice);
        if (badName != null) {
            throw new IllegalStateException(badName);
        }
        int plus = voice.indexOf('+');
        String language = plus < 0 ? voice : voice.substring(0, plus);
        String variant = plus < 0 ? null : voice.substring(plus + 1);
        EspeakVoices installed;
        try {
            installed = new EspeakVoices(list("--voices"), variant == null ? "" : list("--voices=variant"));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!installed.hasVoice(language)) {
            throw new IllegalStateException(program + " has no voice '" + language + "'"
                    + (variant == null ? "" : " (asked for '" + voice + "')") + "; see espeak-ng --voices");
        }
        // espeak-ng speaks an unknown variant without complaint, in the plain voice: catch it here.
        if (variant != null && !installed.hasVariant(variant)) {
            throw new IllegalStateException(program + " has no voice variant '" + variant + "' (asked for '" + voice
                    + "'); see espeak-ng --voices=variant");
        }
    }

    /** Runs {@code espeak-ng --version}; fails with "espeak-ng missing" when the program cannot be run. */
    @Override
    public void checkEngine() {
        try {
            list("--version");
        } catch (IOException e) {
            throw new IllegalStateException(program + " missing", e);
        }
    }

    private static String voiceNameProblem(String voice) {
        return VOICE.matcher(voice).matches() ? null
                : "'" + voice + "' is not an espeak-ng voice name (language[+variant], for example en-us+f3)";
    }

    private String list(String option) throws IOException {
        Outcome outcome = run(List.of(program, option), "");
        if (outcome.exit() != 0) {
            throw new IOException(program + " " + option + " exited with " + outcome.exit() + ": " + outcome.output());
        }
        return outcome.output();
    }

    private record Outcome(int exit, String output) {
    }

    /**
     * Runs {@code command} with {@code input} on its standard input. Its output goes to a file rather than a
     * pipe, so the time limit holds even when the program hangs with its output open.
     */
    private Outcome run(List<String> command, String input) throws IOException {
        Path output = Files.createTempFile("espeak-", ".out");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(output);
            throw new IOException("text-to-speech needs " + program + ", which cannot be run (install the espeak-ng"
                    + " package): " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // It exited without reading all of it (a bad voice, say): its status and output tell why.
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(program + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(p.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + program, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
